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
#            arch:all <debarch>-cross packages), or native (x86_64:
#            this machine's gcc, g++ and glibc)
#   qsuite   where QEMU comes from: bookworm (installed on the host), or
#            bookworm-backports (qpkg and qemu-user unpacked in the cache,
#            the host's QEMU left alone)
#   kargs    more of the kernel's command line, if it needs any
#   runs     the runs: native (x86_64, this machine), user (qemu-user),
#            system (qemu-system on this line's kernel), system@K
#            (qemu-system on kernel K: another line's kernel, QEMU and
#            console, or a line of CROSS_KERNELS below, with this
#            line's programs and busybox); user is left out where no
#            qemu-user from Debian can run the suite
# Each architecture's oldest and newest kernel: bookworm's 6.1 and
# sid's, where Debian has both.  x86_64 is built natively (cc native:
# this machine's gcc and glibc) and its system run boots sid's amd64
# kernel under TCG; i386's second system run boots that same kernel,
# the 32-bit compat entry every i386 multiarch user has, where Syscall
# User Dispatch and the signal frame are not a 686 kernel's.
# Each line was measured booting Debian's kernel on this kind of
# machine (QEMU 7.2, TCG; cross/README).  -cpu max on aarch64
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
aarch64|aarch64-linux-gnu|arm64|bookworm|linux-image-arm64|qemu-system-aarch64 -M virt -cpu max,pauth-impdef=on -m 512|ttyAMA0|qemu-system-arm|gcc|bookworm||user,system,system@arm64-sid
arm|arm-linux-gnueabihf|armhf|bookworm|linux-image-armmp|qemu-system-arm -M virt -m 1024|ttyAMA0|qemu-system-arm|gcc|bookworm||user,system
i386|i686-linux-gnu|i386|bookworm|linux-image-686|qemu-system-i386 -m 1024|ttyS0|qemu-system-x86|gcc|bookworm||user,system,system@x86_64
loongarch64|loongarch64-linux-gnu|loong64|sid|linux-image-loong64|qemu-system-loongarch64 -M virt -m 1024|ttyS0|qemu-system-misc|clang-19|bookworm-backports|initcall_blacklist=i8042_init|system
mips64|mips64el-linux-gnuabi64|mips64el|bookworm|linux-image-5kc-malta|qemu-system-mips64el -M malta -cpu 5KEc -m 1024|ttyS0|qemu-system-mips|gcc|bookworm||user,system
powerpc64le|powerpc64le-linux-gnu|ppc64el|bookworm|linux-image-powerpc64le|qemu-system-ppc64 -M pseries -m 1024|hvc0|qemu-system-ppc|gcc|bookworm||user,system
riscv64|riscv64-linux-gnu|riscv64|sid|linux-image-riscv64|qemu-system-riscv64 -M virt -m 512 -bios default|ttyS0|qemu-system-misc|gcc|bookworm||user,system
s390x|s390x-linux-gnu|s390x|bookworm|linux-image-s390x|qemu-system-s390x -M s390-ccw-virtio -m 1024|ttysclp0|qemu-system-misc|gcc|bookworm||user,system
x86_64|x86_64-linux-gnu|amd64|sid|linux-image-amd64|qemu-system-x86_64 -cpu max -m 1024|ttyS0|qemu-system-x86|native|bookworm||native,user,system
'

# More kernels for the system@K runs, one line per kernel; fields as
# above (the kernel's own: name, debarch, suite, kmeta, qemu, console,
# qpkg, kargs), QEMU the host's (bookworm's).  Cached as
# $CROSS_CACHE/NAME/kernel.
CROSS_KERNELS='
arm64-sid|arm64|sid|linux-image-arm64|qemu-system-aarch64 -M virt -cpu max,pauth-impdef=on -m 512|ttyAMA0|qemu-system-arm|
'

# cross_arch NAME: set the fields above for NAME as shell variables,
# and from them: cross_cc, cross_cxx (the compilers, options included),
# cross_strip, cross_conf (more configure variables), sysroot (the
# target's libc, qemu-user's -L), cross_libdirs (where its ld.so, libc,
# libgcc_s and libstdc++ are), hostpkgs (what the host needs), qbin
# (where QEMU is, with a trailing slash, or empty for PATH), quser
# (qemu-user) and qemu (with qbin), kdebarch (the kernel's debarch) and
# kdir (the cache directory of its kernel and busybox); false for an
# unknown name.
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
    native)
      cross_cc=gcc cross_cxx=g++ cross_strip=strip
      cross_conf=""
      sysroot=/
      cross_libdirs="/lib/$triple /lib64"
      hostpkgs="gcc g++" ;;
    *)
      cross_cc=$triple-gcc cross_cxx=$triple-g++ cross_strip=$triple-strip
      cross_conf=""
      sysroot=/usr/$triple
      hostpkgs="gcc-$triple g++-$triple" ;;
  esac
  [ "$cc" = native ] || cross_libdirs="$sysroot/lib $sysroot/lib64"
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
  kdebarch=$debarch kdir="$CROSS_CACHE/$name"
}

# cross_kernel K: after cross_arch, take kernel K instead of the
# architecture's own (a system@K run): K's debarch as kdebarch, and its
# suite, kmeta, qemu (with its qbin), console, qpkg and kargs, kdir
# ($CROSS_CACHE/K, where its kernel is cached); K is a line of
# CROSS_ARCHES or of CROSS_KERNELS.  The architecture's other fields
# (compilers, sysroot, debarch for busybox) stay.  False for an unknown K.
cross_kernel () {
  _line=$(printf '%s\n' "$CROSS_ARCHES" | grep "^$1|")
  if [ -n "$_line" ]; then
    IFS='|' read -r _n _t kdebarch suite kmeta qemu console qpkg _c _qs \
      kargs _r <<EOF2
$_line
EOF2
    _qb=""
    [ "$_qs" = bookworm ] || _qb="$CROSS_CACHE/qemu-$_qs/usr/bin/"
    qemu=$_qb$qemu
  else
    _line=$(printf '%s\n' "$CROSS_KERNELS" | grep "^$1|") || return 1
    IFS='|' read -r _n kdebarch suite kmeta qemu console qpkg kargs <<EOF2
$_line
EOF2
  fi
  kdir="$CROSS_CACHE/$1"
}

# The system runs' kernels of architecture NAME (cross_arch's runs):
# NAME itself for system, K for system@K; one per line.
cross_arch_kernels () {
  for _k in $runs; do
    case $_k in
      system) echo "$name" ;;
      system@*) echo "${_k#system@}" ;;
    esac
  done
}

# All architecture names, one per line.
cross_arch_names () {
  printf '%s\n' "$CROSS_ARCHES" | sed -n 's/^\([^|]*\)|.*/\1/p'
}

# The names of CROSS_KERNELS, one per line.
cross_kernel_names () {
  printf '%s\n' "$CROSS_KERNELS" | sed -n 's/^\([^|]*\)|.*/\1/p'
}

# The cache of kernels, packages and the private apt state: outside the
# build tree, kept across runs.
CROSS_CACHE=${LIBCLONE3_CROSS_CACHE:-/var/cache/libclone3-cross}
