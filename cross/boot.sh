#!/bin/sh
# Pack the staged test programs into an initramfs and boot ARCH's Debian
# kernel on them once under qemu-system; the console goes to
# STAGE/console.log.  Called by the qemu-system-ARCH boards
# (testsuite/lib/libclone3-cross.exp) after the last test is staged.
# Usage: cross/boot.sh ARCH STAGE TOP_BUILDDIR TESTSUITE_OBJDIR
# Copyright (C) 2026 The libclone3 authors.
# This file is part of libclone3, licensed under the GNU LGPL 2.1 or
# later; see COPYING.LIB.
#
# STAGE/p holds the programs, STAGE/groups the runs (see
# libclone3-cross.exp).  The initramfs gets: /init
# (cross/init.c, static) and /probe (cross/probe.c, linked with the
# library); the cross glibc, libstdc++ and libgcc_s from the sysroot
# (/usr/<triple>, or the cache's for a clang architecture)
# and libclone3.so.0 in /lib (/lib64 is the same directory); busybox
# as /bin/sh, true, false, sleep, cat (tests execute those); the
# shared modules tests dlopen, at the absolute path the test was built
# with; cross/timescale.c, preloaded, stretches the alarm each test
# sets itself by LIBCLONE3_CROSS_TIME_SCALE (default 10), to at most
# LIBCLONE3_CROSS_TIME_CAP seconds (default 150); stress loops run a
# LIBCLONE3_CROSS_LOOP_DIVISOR-th (default 10) of their iterations
# (clone3-test.h's test_loop_count).  LIBCLONE3_CROSS_JOBS
# programs (default 3) run at once: under TCG a test's waits, not its
# work, take most of the time.  The boot is bounded by LIBCLONE3_CROSS_BOOT_TIMEOUT seconds
# (default 1200): a hung kernel ends the run, and the tests without a
# result FAIL.  LIBCLONE3_CROSS_KERNEL=K boots kernel K of arches.sh
# (its QEMU, console and command line) instead of ARCH's own: a
# system@K run, e.g. i386's programs on x86_64's amd64 kernel.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/arches.sh"
arch=$1 stage=$2 builddir=$3 objdir=$4
cross_arch "$arch" || { echo "boot: unknown architecture $arch"; exit 2; }
bbdir=$kdir
kern=${LIBCLONE3_CROSS_KERNEL:-$arch}
if [ "$kern" != "$arch" ]; then
  cross_kernel "$kern" || { echo "boot: unknown kernel $kern"; exit 2; }
fi
if [ ! -s "$kdir/kernel" ] || [ ! -s "$bbdir/busybox" ]; then
  echo "boot: no cached kernel $kern or busybox for $arch: run cross/setup.sh $arch"
  exit 1
fi
cc=$cross_cc
root="$stage/root"
rm -rf "$root" "$stage/console.log"
mkdir -p "$root/bin" "$root/lib" "$root/proc" "$root/sys" "$root/dev" \
  "$root/tmp" "$root/etc" || exit 1
ln -s lib "$root/lib64"

$cc -static -O2 -o "$root/init" "$here/init.c" || exit 1
$cc -O2 -I"$here/../include" \
  -o "$root/probe" "$here/probe.c" -L"$builddir/.libs" -lclone3 || exit 1

for pat in 'ld*.so*' 'libc.so.6' 'libm.so.6' 'libpthread.so.0' \
           'libdl.so.2' 'librt.so.1' 'libgcc_s.so.1' 'libstdc++.so.6'; do
  for d in $cross_libdirs; do
    for f in "$d"/$pat; do
      [ -e "$f" ] && cp -L "$f" "$root/lib/"
    done
  done
done
cp -L "$builddir/.libs/libclone3.so.0" "$root/lib/" || exit 1
$cc -O2 -shared -fPIC -o "$root/lib/libclone3-timescale.so" \
  "$here/timescale.c" || exit 1

cp "$bbdir/busybox" "$root/bin/busybox"
for app in sh true false sleep cat ls echo; do
  ln -s busybox "$root/bin/$app"
done

# Modules a test dlopens by the absolute name it was built with.
for m in "$objdir"/*.so; do
  [ -e "$m" ] || continue
  mkdir -p "$root$(dirname "$m")"
  cp "$m" "$root$m"
done

cp -r "$stage/p" "$root/p"
$cross_strip "$root"/p/* 2>/dev/null
# STAGE/groups: "NAME GROUP PROGRAM ENV..." per run (PROGRAM under /p,
# ENV its variant's NAME=VALUE words).  The runs of one test are spread
# out, round-robin over the tests: programs that run at once are then
# of different tests (two variants of one test would pick the same
# "free" PID or name), and the few that wait long (bounded waits, hangs
# until their alarm) overlap instead of queueing.
awk '{ rank = seen[$2]++; if (!($2 in first)) first[$2] = NR;
       printf "%06d %06d %s\n", rank, first[$2], $0 }' "$stage/groups" \
  | sort | cut -d' ' -f3- > "$root/list"
(cd "$root" && find . | cpio -o -H newc --quiet) > "$stage/initramfs.cpio" \
  || exit 1

limit=${LIBCLONE3_CROSS_BOOT_TIMEOUT:-1200}
start=$(date +%s)
timeout -k 10 "$limit" $qemu -nographic -no-reboot \
  -kernel "$kdir/kernel" -initrd "$stage/initramfs.cpio" \
  -append "console=$console quiet panic=-1${kargs:+ $kargs} LIBCLONE3_TIMEOUT=${LIBCLONE3_CROSS_TEST_TIMEOUT:-180} LIBCLONE3_TIME_SCALE=${LIBCLONE3_CROSS_TIME_SCALE:-10} LIBCLONE3_TIME_CAP=${LIBCLONE3_CROSS_TIME_CAP:-150} LIBCLONE3_LOOP_DIVISOR=${LIBCLONE3_CROSS_LOOP_DIVISOR:-10} LIBCLONE3_JOBS=${LIBCLONE3_CROSS_JOBS:-3}" \
  < /dev/null > "$stage/console.log" 2>&1
status=$?
took=$(( $(date +%s) - start ))
echo "$took" > "$stage/boot-seconds"
if [ $status -eq 124 ] || [ $status -eq 137 ]; then
  echo "boot: qemu-system for $arch ($kern) timed out after ${limit}s"
  exit 1
fi
if ! grep -q '^@@done' "$stage/console.log"; then
  echo "boot: qemu-system for $arch ($kern) ended (status $status) before the last test"
  tail -n 20 "$stage/console.log"
  exit 1
fi
echo "boot: $arch ($kern): ${took}s"
