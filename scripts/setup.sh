#!/bin/sh
# Set up a fresh Debian 12 machine, build libclone3 in ./build and show
# the demo.  Run as root; safe to run again.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

packages="autoconf automake libtool make g++ pkg-config dejagnu groff-base git curl xz-utils gnuplot-nox"
missing=""
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" \
    || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "Installing:$missing"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
fi

[ -x configure ] || ./bootstrap
mkdir -p build
cd build
[ -f Makefile ] || ../configure --quiet
make --quiet -j"$(nproc)" >/dev/null

echo
echo "== demo: clone3_fork with a pidfd, into a fresh cgroup =="
./examples/demo
