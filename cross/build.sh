#!/bin/sh
# Configure (once) and build libclone3 for ARCH in BUILD/cross/ARCH, as
# any cross build: configure --host=<triple>, with the compilers
# arches.sh names (CC and CXX for a clang architecture, and LLVM's
# binutils).  x86_64 is the native build.  Usage: cross/build.sh BUILD ARCH
# Copyright (C) 2026 The libclone3 authors.
# This file is part of libclone3, licensed under the GNU LGPL 2.1 or
# later; see COPYING.LIB.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
. "$here/arches.sh"
build=$1 arch=$2
dir="$build/cross/$arch"
set --
if [ "$arch" != x86_64 ]; then
  cross_arch "$arch" || { echo "build: unknown architecture $arch" >&2; exit 2; }
  set -- --host="$triple"
  [ "$cc" = gcc ] || set -- "$@" CC="$cross_cc" CXX="$cross_cxx" $cross_conf
fi
mkdir -p "$dir"
cd "$dir"
[ -f Makefile ] || "$top/configure" --quiet "$@"
make --quiet -j"${CROSS_JOBS:-1}" >/dev/null
