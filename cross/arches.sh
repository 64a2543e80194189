# The cross-test architectures, sourced by the cross/ scripts.
# Copyright (C) 2026 The libclone3 authors.
# This file is part of libclone3, licensed under the GNU LGPL 2.1 or
# later; see COPYING.LIB.
#
# One line per architecture, sorted; fields separated by '|':
#   name     configure's CLONE3_ARCH (the table's row)
#   triple   GNU triple: --host, the compiler's target, <sysroot>/usr/<triple>
#   debarch  Debian architecture of the kernel and busybox packages
#   suite    where Debian has the kernel (bookworm, or sid)
#   kmeta    the kernel metapackage, followed to the newest image
#   qemu     qemu-system command line (without kernel, initrd, append)
#   console  the kernel's console device
#   qpkg     the Debian package with that qemu-system binary
#   cc       the compiler: gcc (bookworm's gcc-<triple>, whose sysroot is
#            /usr/<triple>) or clang-N (bookworm's clang-N and lld-N, with
#            a sysroot that cross/setup.sh unpacks in the cache from sid's
#            arch:all <debarch>-cross packages)
#   qsuite   where QEMU comes from: bookworm (installed on the host), or
#            bookworm-backports (qpkg and qemu-user unpacked in the cache,
#            the host's QEMU left alone)
#   kargs    more of the kernel's command line, if it needs any
#   runs     the runs: user,system, or system alone where no qemu-user
#            from Debian can run the suite
# Measured in /work/shared/design/cross-testing.md.  -cpu max on aarch64
# with pauth-impdef: architected pointer authentication is slow in TCG.
# loongarch64: bookworm has no loongarch64 gcc, and lld learnt LoongArch
# in LLVM 17 (clang-16 compiles, lld-16 cannot link), hence clang-19;
# Debian's loong64 glibc uses LSX, which QEMU has from 8.1 (7.2 stops at
# its first vld with SIGILL), hence backports' QEMU 10.0; the kernel's
# i8042 probe faults on QEMU's virt board (no ISA ports), and panics;
# and no qemu-user in Debian runs its suite: 7.2 lacks LSX, and 10.0
# (backports) and 11.1 (sid) deadlock in the parent on a legacy clone
# with CLONE_PIDFD and an unwritable pidfd pointer (a five-line program
# without libclone3 shows it; the kernel says EFAULT), which two tests
# of the ENOSYS fallback ask for.  The fallback still runs there, on
# the real kernel, in the qemu-system run's ENOSYS variants.
CROSS_ARCHES='
aarch64|aarch64-linux-gnu|arm64|bookworm|linux-image-arm64|qemu-system-aarch64 -M virt -cpu max,pauth-impdef=on -m 512|ttyAMA0|qemu-system-arm|gcc|bookworm||user,system
arm|arm-linux-gnueabihf|armhf|bookworm|linux-image-armmp|qemu-system-arm -M virt -m 1024|ttyAMA0|qemu-system-arm|gcc|bookworm||user,system
i386|i686-linux-gnu|i386|bookworm|linux-image-686|qemu-system-i386 -m 1024|ttyS0|qemu-system-x86|gcc|bookworm||user,system
loongarch64|loongarch64-linux-gnu|loong64|sid|linux-image-loong64|qemu-system-loongarch64 -M virt -m 1024|ttyS0|qemu-system-misc|clang-19|bookworm-backports|initcall_blacklist=i8042_init|system
mips64|mips64el-linux-gnuabi64|mips64el|bookworm|linux-image-5kc-malta|qemu-system-mips64el -M malta -cpu 5KEc -m 1024|ttyS0|qemu-system-mips|gcc|bookworm||user,system
powerpc64le|powerpc64le-linux-gnu|ppc64el|bookworm|linux-image-powerpc64le|qemu-system-ppc64 -M pseries -m 1024|hvc0|qemu-system-ppc|gcc|bookworm||user,system
riscv64|riscv64-linux-gnu|riscv64|sid|linux-image-riscv64|qemu-system-riscv64 -M virt -m 512 -bios default|ttyS0|qemu-system-misc|gcc|bookworm||user,system
s390x|s390x-linux-gnu|s390x|bookworm|linux-image-s390x|qemu-system-s390x -M s390-ccw-virtio -m 1024|ttysclp0|qemu-system-misc|gcc|bookworm||user,system
'

# cross_arch NAME: set the fields above for NAME as shell variables,
# and from them: cross_cc, cross_cxx (the compilers, options included),
# cross_strip, cross_conf (more configure variables), sysroot (the
# target's libc, qemu-user's -L), hostpkgs (what the host needs), qbin
# (where QEMU is, with a trailing slash, or empty for PATH), quser
# (qemu-user) and qemu (with qbin); false for an unknown name.
cross_arch () {
  _line=$(printf '%s\n' "$CROSS_ARCHES" | grep "^$1|") || return 1
  IFS='|' read -r name triple debarch suite kmeta qemu console qpkg cc \
    qsuite kargs runs <<EOF2
$_line
EOF2
  case $cc in
    clang-*)
      _v=${cc#clang-}
      _root="$CROSS_CACHE/$name/sysroot"
      cross_cc="clang-$_v --target=$triple --sysroot=$_root"
      cross_cxx="clang++-$_v --target=$triple --sysroot=$_root"
      cross_strip=llvm-strip-$_v
      cross_conf="AR=llvm-ar-$_v RANLIB=llvm-ranlib-$_v NM=llvm-nm-$_v
        STRIP=llvm-strip-$_v OBJDUMP=llvm-objdump-$_v"
      sysroot="$_root/usr/$triple"
      hostpkgs="clang-$_v lld-$_v llvm-$_v" ;;
    *)
      cross_cc=$triple-gcc cross_cxx=$triple-g++ cross_strip=$triple-strip
      cross_conf=""
      sysroot=/usr/$triple
      hostpkgs="gcc-$triple g++-$triple" ;;
  esac
  # qemu-user's binary name: Debian's debarch is not QEMU's.
  case $name in
    arm) quser=qemu-arm ;;
    mips64) quser=qemu-mips64el ;;
    powerpc64le) quser=qemu-ppc64le ;;
    *) quser=qemu-$name ;;
  esac
  if [ "$qsuite" = bookworm ]; then
    qbin="" quser=$quser-static
    hostpkgs="$hostpkgs $qpkg"
  else
    # QEMU 10 has no -static names: its qemu-user is static-pie.
    qbin="$CROSS_CACHE/qemu-$qsuite/usr/bin/"
    quser=$qbin$quser
  fi
  qemu=$qbin$qemu
  runs=$(echo "$runs" | tr , ' ')
}

# All architecture names, one per line.
cross_arch_names () {
  printf '%s\n' "$CROSS_ARCHES" | sed -n 's/^\([^|]*\)|.*/\1/p'
}

# The cache of kernels, packages and the private apt state: outside the
# build tree, kept across runs.
CROSS_CACHE=${LIBCLONE3_CROSS_CACHE:-/var/cache/libclone3-cross}
