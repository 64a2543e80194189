#!/bin/sh
# Install what cross-testing needs on a Debian 12 machine and fill the
# kernel cache.  Run as root; safe to run again (what is installed or
# cached is kept).  Usage: cross/setup.sh [ARCH...]   (default: all)
# Copyright (C) 2026 The libclone3 authors.
# This file is part of libclone3, licensed under the GNU LGPL 2.1 or
# later; see COPYING.LIB.
#
# Host packages come from the machine's own apt sources.  Kernels and
# busybox for the foreign architectures come through a private apt
# configuration under the cache ($LIBCLONE3_CROSS_CACHE, default
# /var/cache/libclone3-cross): the machine's dpkg architectures and
# sources are left alone, a foreign index that fails to update (the
# security suite's "Mirror sync in progress") only costs the newest
# kernel, and riscv64's kernel comes from unstable without pinning
# anything on the host.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/arches.sh"
mirror=${LIBCLONE3_CROSS_MIRROR:-http://deb.debian.org/debian}
keyring=/usr/share/keyrings/debian-archive-keyring.gpg

arches=${*:-$(cross_arch_names)}
status=0

# --- Host packages -------------------------------------------------
want="autoconf automake libtool make gcc g++ pkg-config dejagnu cpio
  qemu-user-static opensbi"
for a in $arches; do
  cross_arch "$a" || { echo "setup: unknown architecture $a" >&2; exit 2; }
  want="$want gcc-$triple g++-$triple $qpkg"
done
missing=""
for p in $want; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" \
    || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "setup: installing$missing"
  apt-get update -qq || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    --no-install-recommends $missing >/dev/null || exit 1
fi

# --- The private apt for foreign packages ---------------------------
c=$CROSS_CACHE
mkdir -p "$c/apt/lists/partial" "$c/apt/cache/archives/partial" \
  "$c/apt/parts" "$c/debs" || exit 1
: > "$c/apt/status.empty"
bw=""; sid=""
for a in $(cross_arch_names); do
  cross_arch "$a"
  if [ "$suite" = sid ]; then sid="$sid${sid:+,}$debarch"
  else bw="$bw${bw:+,}$debarch"; fi
done
cat > "$c/apt/sources.list" <<EOS
deb [arch=$bw signed-by=$keyring] $mirror bookworm main
deb [arch=$bw signed-by=$keyring] $mirror bookworm-updates main
deb [arch=$bw signed-by=$keyring] ${mirror%/debian}/debian-security bookworm-security main
deb [arch=$sid signed-by=$keyring] $mirror sid main
EOS
xapt_opts="-o Dir::Etc::SourceList=$c/apt/sources.list
  -o Dir::Etc::SourceParts=$c/apt/parts
  -o Dir::Etc::Preferences=/dev/null -o Dir::Etc::PreferencesParts=$c/apt/parts
  -o Dir::State::Lists=$c/apt/lists -o Dir::State::status=$c/apt/status.empty
  -o Dir::Cache=$c/apt/cache -o Debug::NoLocking=1
  -o APT::Sandbox::User=root
  -o APT::Get::AllowUnauthenticated=false"
for d in $(echo "$bw,$sid" | tr , ' '); do
  xapt_opts="$xapt_opts -o APT::Architectures::=$d"
done
xapt () { "$@" $xapt_opts; }

# Whether ARCH's kernel and busybox are cached.
cached () {
  [ -s "$c/$1/kernel" ] && [ -s "$c/$1/busybox" ] && [ -s "$c/$1/kernel-release" ]
}

need=""
for a in $arches; do
  cached "$a" || need="$need $a"
done
[ -n "${LIBCLONE3_CROSS_REFRESH:-}" ] && need=$arches

if [ -n "$need" ]; then
  # A failed index (any suite, any architecture) is not fatal: what did
  # update is used, and each architecture below says what it lacks.
  echo "setup: updating the foreign package indices"
  xapt apt-get update -qq 2>&1 | sed 's/^/setup: apt: /' >&2
fi

# deps PKG: the package names PKG depends on (one level).
deps () {
  xapt apt-cache depends --no-recommends --no-suggests --no-conflicts \
    --no-breaks --no-replaces --no-enhances "$1" 2>/dev/null \
    | sed -n 's/^ *|\{0,1\}Depends: \([^ <>]*\).*/\1/p'
}

# newest PKG ARCH: the newest cached .deb of PKG for ARCH, if any.
newest () {
  ls "$c/debs/$1"_*_"$2".deb 2>/dev/null | sort -V | tail -1
}

# fetch PKG:ARCH into $c/debs (cached), print the .deb's path.
fetch () {
  fp=${1%%:*}; fa=${1#*:}
  f=$(newest "$fp" "$fa")
  if [ -z "$f" ] || [ -n "${LIBCLONE3_CROSS_REFRESH:-}" ]; then
    (cd "$c/debs" && xapt apt-get download -qq "$1" >&2) || return 1
    f=$(newest "$fp" "$fa")
  fi
  [ -n "$f" ] && echo "$f"
}

for a in $need; do
  cross_arch "$a"
  d="$c/$a"
  tmp="$c/tmp.$a"
  rm -rf "$tmp"; mkdir -p "$tmp" "$d"
  # The metapackage names the newest image; its image package (or, in
  # unstable, the linux-binary package that image depends on) holds the
  # kernel file.
  kernel=""
  cands=$(deps "$kmeta:$debarch")
  for p in $cands; do
    cands="$cands $(deps "$p")"
  done
  for p in $(printf '%s\n' $cands | sed 's/:.*//' \
             | grep -E '^linux-(image|binary)-[0-9]' | sort -u); do
    deb=$(fetch "$p:$debarch") || continue
    # Only the kernel file: the modules are not needed.
    dpkg-deb --fsys-tarfile "$deb" | (cd "$tmp" && tar -x --wildcards \
      './boot/vmlinu*' './usr/lib/modules/*/vmlinu*' 2>/dev/null)
    kernel=$(ls -d "$tmp"/boot/vmlinu[xz]-* "$tmp"/usr/lib/modules/*/vmlinu[xz] \
               2>/dev/null | head -1)
    [ -n "$kernel" ] && break
  done
  if [ -z "$kernel" ]; then
    echo "setup: $a: no kernel found for $kmeta:$debarch" >&2
    status=1; rm -rf "$tmp"; continue
  fi
  case $kernel in
    */boot/*) release=${kernel##*/vmlinu?-} ;;
    *) release=$(basename "$(dirname "$kernel")") ;;
  esac
  bdeb=$(fetch "busybox-static:$debarch") && dpkg-deb -x "$bdeb" "$tmp/bb"
  bb=$(ls "$tmp"/bb/bin/busybox "$tmp"/bb/usr/bin/busybox 2>/dev/null | head -1)
  if [ -z "$bb" ]; then
    echo "setup: $a: no busybox-static:$debarch" >&2
    status=1; rm -rf "$tmp"; continue
  fi
  cp "$kernel" "$d/kernel" && cp "$bb" "$d/busybox" \
    && echo "$release" > "$d/kernel-release" || status=1
  rm -rf "$tmp"
  echo "setup: $a: kernel $release"
done
exit $status
