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
# anything on the host; sid's arm64 and amd64 kernels come the same way
# (the system@K runs, arches.sh), each query held to the suite it
# names.  An architecture built with clang (cc in
# arches.sh) gets a sysroot unpacked from unstable's arch:all
# <debarch>-cross packages (glibc, kernel headers, libgcc, libstdc++), as
# gcc-<triple> would have brought them; one whose QEMU comes from
# bookworm-backports gets it unpacked in the cache, not installed.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/arches.sh"
mirror=${LIBCLONE3_CROSS_MIRROR:-http://deb.debian.org/debian}
keyring=/usr/share/keyrings/debian-archive-keyring.gpg

arches=${*:-$(cross_arch_names)}
status=0
kernels=""

# --- Host packages -------------------------------------------------
want="autoconf automake libtool make gcc g++ pkg-config dejagnu cpio
  qemu-user-static opensbi zstd"
for a in $arches; do
  cross_arch "$a" || { echo "setup: unknown architecture $a" >&2; exit 2; }
  want="$want $hostpkgs"
  # The kernels of its system runs, and their QEMU where it is the host's.
  for k in $(cross_arch_kernels); do
    case " $kernels " in *" $k "*) ;; *) kernels="$kernels $k" ;; esac
    cross_kernel "$k" || { echo "setup: $a: unknown kernel $k" >&2; exit 2; }
    case $qemu in /*) ;; *) want="$want $qpkg" ;; esac
  done
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
bw=""; sid=""; hostarch=$(dpkg --print-architecture)
for k in $(cross_arch_names) $(cross_kernel_names); do
  cross_kernel "$k"
  if [ "$suite" = sid ]; then
    case ",$sid," in *",$kdebarch,"*) ;; *) sid="$sid${sid:+,}$kdebarch" ;; esac
  else
    case ",$bw," in *",$kdebarch,"*) ;; *) bw="$bw${bw:+,}$kdebarch" ;; esac
  fi
done
# bookworm-backports only for the host's own architecture: QEMU.
cat > "$c/apt/sources.list" <<EOS
deb [arch=$bw signed-by=$keyring] $mirror bookworm main
deb [arch=$bw signed-by=$keyring] $mirror bookworm-updates main
deb [arch=$bw signed-by=$keyring] ${mirror%/debian}/debian-security bookworm-security main
deb [arch=$sid signed-by=$keyring] $mirror sid main
deb [arch=$hostarch signed-by=$keyring] $mirror bookworm-backports main
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
# Debian has arm64 and amd64 in bookworm and in sid: a query is held to
# the suite it is for ($pin, bookworm or sid) by preferences, sid's
# packages above all others' for sid, below bookworm's for bookworm.
printf 'Package: *\nPin: release n=sid\nPin-Priority: 990\n' \
  > "$c/apt/prefs.sid"
printf 'Package: *\nPin: release n=sid\nPin-Priority: 100\n' \
  > "$c/apt/prefs.bookworm"
: > "$c/apt/prefs.none"
pin=none
xapt () { "$@" $xapt_opts -o Dir::Etc::Preferences="$c/apt/prefs.$pin"; }

# Whether ARCH's busybox (and its sysroot and QEMU, where they come
# from the cache) are cached.
cached () {
  cross_arch "$1"
  [ -s "$c/$1/busybox" ] \
    && case $cc in clang-*) [ -s "$c/$1/sysroot.debs" ] ;; esac \
    && { [ -z "$qbin" ] || { [ -x "$quser" ] && [ -x "${qemu%% *}" ]; }; }
}
# Whether kernel K (an architecture's own, or a CROSS_KERNELS line) is.
kcached () {
  [ -s "$c/$1/kernel" ] && [ -s "$c/$1/kernel-release" ]
}

need="" kneed=""
for a in $arches; do
  cached "$a" || need="$need $a"
done
for k in $kernels; do
  kcached "$k" || kneed="$kneed $k"
done
[ -n "${LIBCLONE3_CROSS_REFRESH:-}" ] && need=$arches kneed=$kernels

if [ -n "$need$kneed" ]; then
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
# PKG:ARCH/SUITE takes it from that suite; PKG:all is an arch:all package.
fetch () {
  fp=${1%%:*}; fa=${1#*:}; fs=""
  case $fa in */*) fs=/${fa#*/}; fa=${fa%%/*} ;; esac
  fq=":$fa"; [ "$fa" = all ] && fq=""
  f=$(newest "$fp" "$fa")
  if [ -z "$f" ] || [ -n "${LIBCLONE3_CROSS_REFRESH:-}" ]; then
    (cd "$c/debs" && xapt apt-get download -qq "$fp$fq$fs" >&2) || return 1
    f=$(newest "$fp" "$fa")
  fi
  [ -n "$f" ] && echo "$f"
}

# version PKG: the candidate version of PKG in the private apt.
version () {
  xapt apt-cache show --no-all-versions "$1" 2>/dev/null \
    | sed -n 's/^Version: //p' | head -1
}

# make_sysroot ARCH: unpack the target's glibc, kernel headers, libgcc and
# libstdc++ from unstable's arch:all <debarch>-cross packages into
# $c/ARCH/sysroot, laid out as gcc-<triple> installs them (/usr/<triple>,
# /usr/lib/gcc-cross/<triple>/N), which clang --sysroot finds; its
# <triple>/bin/ld is lld, so that clang links with lld without
# -fuse-ld=lld (an option that warns when only compiling).
# $c/ARCH/sysroot.debs lists the packages it was made of.
make_sysroot () {
  gccv=$(version "libgcc-s1-$debarch-cross" | sed 's/^[0-9]*://; s/\..*//')
  [ -n "$gccv" ] || { echo "setup: $1: no libgcc-s1-$debarch-cross" >&2; return 1; }
  # linux-libc-dev-<debarch>-cross holds links into linux-libc-dev's
  # /usr/lib/linux/uapi.
  pkgs="libc6-$debarch-cross libc6-dev-$debarch-cross
    linux-libc-dev-$debarch-cross linux-libc-dev:all
    libgcc-s1-$debarch-cross libgcc-$gccv-dev-$debarch-cross
    libstdc++6-$debarch-cross libstdc++-$gccv-dev-$debarch-cross"
  rm -rf "$c/$1/sysroot" "$c/$1/sysroot.new" "$c/$1/sysroot.debs" \
    "$c/$1/sysroot.debs.new"
  mkdir -p "$c/$1/sysroot.new"
  for p in $pkgs; do
    case $p in *:*) ;; *) p=$p:all ;; esac
    deb=$(fetch "$p") || { echo "setup: $1: cannot fetch $p" >&2; return 1; }
    dpkg-deb -x "$deb" "$c/$1/sysroot.new" || return 1
    basename "$deb" >> "$c/$1/sysroot.debs.new"
  done
  mkdir -p "$c/$1/sysroot.new/usr/$triple/bin"
  ln -s "$(command -v ld.lld-${cc#clang-})" "$c/$1/sysroot.new/usr/$triple/bin/ld" \
    && mv "$c/$1/sysroot.new" "$c/$1/sysroot" \
    && mv "$c/$1/sysroot.debs.new" "$c/$1/sysroot.debs"
}

# unpack_qemu SUITE NAME...: the qemu-user and qemu-system binaries of
# the NAMEs from SUITE's qemu-user and qemu-system-misc, into
# $c/qemu-SUITE/usr/bin.  Both run on this machine: qemu-user is
# static-pie, and backports' qemu-system links against bookworm.
unpack_qemu () {
  qs=$1; shift
  qd="$c/qemu-$qs"
  mkdir -p "$qd"
  for p in qemu-user qemu-system-misc; do
    deb=$(fetch "$p:$hostarch/$qs") || { echo "setup: no $p/$qs" >&2; return 1; }
    pats=""
    for n in "$@"; do
      pats="$pats ./usr/bin/qemu-$n ./usr/bin/qemu-system-$n"
    done
    dpkg-deb --fsys-tarfile "$deb" | (cd "$qd" && tar -x $pats 2>/dev/null)
  done
  for n in "$@"; do
    [ -x "$qd/usr/bin/qemu-$n" ] && [ -x "$qd/usr/bin/qemu-system-$n" ] \
      || { echo "setup: no qemu-$n in $qs's QEMU" >&2; return 1; }
  done
}

# unzboot FILE: if FILE is an EFI zboot image compressed with zstd
# (Debian's loong64 vmlinuz), replace it with its payload, the kernel
# image: QEMU's loader unpacks only gzip zboot images ("unable to handle
# EFI zboot image with zstd compression").  The header: "zimg" at 4,
# payload offset and size at 8 and 12 (little-endian), compression at 24.
unzboot () {
  [ "$(dd if="$1" bs=1 skip=4 count=4 2>/dev/null)" = zimg ] || return 0
  [ "$(dd if="$1" bs=1 skip=24 count=4 2>/dev/null)" = zstd ] || return 0
  zoff=$(od -An -t u4 -j 8 -N 4 "$1" | tr -d ' ')
  zsize=$(od -An -t u4 -j 12 -N 4 "$1" | tr -d ' ')
  tail -c +$((zoff + 1)) "$1" | head -c "$zsize" | zstd -dcq > "$1.raw" \
    && mv "$1.raw" "$1"
}

for a in $need; do
  cross_arch "$a"
  d="$c/$a"
  tmp="$c/tmp.$a"
  rm -rf "$tmp"; mkdir -p "$tmp" "$d"
  case $cc in clang-*)
    if [ ! -s "$d/sysroot.debs" ] || [ -n "${LIBCLONE3_CROSS_REFRESH:-}" ]; then
      make_sysroot "$a" || { status=1; continue; }
      echo "setup: $a: sysroot from $(grep -c . "$d/sysroot.debs") packages"
    fi ;;
  esac
  if [ -n "$qbin" ] && { [ ! -x "$quser" ] || [ ! -x "${qemu%% *}" ] \
       || [ -n "${LIBCLONE3_CROSS_REFRESH:-}" ]; }; then
    unpack_qemu "$qsuite" "$name" || { status=1; continue; }
    echo "setup: $a: $("$quser" --version | head -1)"
  fi
  pin=$suite
  bdeb=$(fetch "busybox-static:$debarch") && dpkg-deb -x "$bdeb" "$tmp/bb"
  pin=none
  bb=$(ls "$tmp"/bb/bin/busybox "$tmp"/bb/usr/bin/busybox 2>/dev/null | head -1)
  if [ -z "$bb" ]; then
    echo "setup: $a: no busybox-static:$debarch" >&2
    status=1; rm -rf "$tmp"; continue
  fi
  cp "$bb" "$d/busybox" || status=1
  rm -rf "$tmp"
done

for k in $kneed; do
  cross_kernel "$k"
  d=$kdir
  tmp="$c/tmp.$k"
  rm -rf "$tmp"; mkdir -p "$tmp" "$d"
  # The metapackage names the newest image of the kernel's suite; its
  # image package (or, in unstable, the linux-binary package that image
  # depends on) holds the kernel file.
  pin=$suite
  kernel=""
  cands=$(deps "$kmeta:$kdebarch")
  for p in $cands; do
    cands="$cands $(deps "$p")"
  done
  for p in $(printf '%s\n' $cands | sed 's/:.*//' \
             | grep -E '^linux-(image|binary)-[0-9]' | sort -u); do
    deb=$(fetch "$p:$kdebarch") || continue
    # Only the kernel file: the modules are not needed.
    dpkg-deb --fsys-tarfile "$deb" | (cd "$tmp" && tar -x --wildcards \
      './boot/vmlinu*' './usr/lib/modules/*/vmlinu*' 2>/dev/null)
    kernel=$(ls -d "$tmp"/boot/vmlinu[xz]-* "$tmp"/usr/lib/modules/*/vmlinu[xz] \
               2>/dev/null | head -1)
    [ -n "$kernel" ] && break
  done
  pin=none
  if [ -z "$kernel" ]; then
    echo "setup: $k: no kernel found for $kmeta:$kdebarch ($suite)" >&2
    status=1; rm -rf "$tmp"; continue
  fi
  case $kernel in
    */boot/*) release=${kernel##*/vmlinu?-} ;;
    *) release=$(basename "$(dirname "$kernel")") ;;
  esac
  cp "$kernel" "$d/kernel" && unzboot "$d/kernel" \
    && echo "$release" > "$d/kernel-release" || status=1
  rm -rf "$tmp"
  echo "setup: $k: kernel $release"
done
exit $status
