# The cross-test architectures, sourced by the cross/ scripts.
# Copyright (C) 2026 The libclone3 authors.
# This file is part of libclone3, licensed under the GNU LGPL 2.1 or
# later; see COPYING.LIB.
#
# One line per architecture, sorted; fields separated by '|':
#   name     configure's CLONE3_ARCH (the table's row)
#   triple   GNU triple: --host, gcc-<triple>, /usr/<triple>
#   debarch  Debian architecture of the kernel and busybox packages
#   suite    where Debian has the kernel (bookworm, or sid for riscv64)
#   kmeta    the kernel metapackage, followed to the newest image
#   qemu     qemu-system command line (without kernel, initrd, append)
#   console  the kernel's console device
#   qpkg     the Debian package with that qemu-system binary
# Measured in /work/shared/design/cross-testing.md.  -cpu max on aarch64
# with pauth-impdef: architected pointer authentication is slow in TCG.
CROSS_ARCHES='
aarch64|aarch64-linux-gnu|arm64|bookworm|linux-image-arm64|qemu-system-aarch64 -M virt -cpu max,pauth-impdef=on -m 512|ttyAMA0|qemu-system-arm
arm|arm-linux-gnueabihf|armhf|bookworm|linux-image-armmp|qemu-system-arm -M virt -m 1024|ttyAMA0|qemu-system-arm
i386|i686-linux-gnu|i386|bookworm|linux-image-686|qemu-system-i386 -m 1024|ttyS0|qemu-system-x86
mips64|mips64el-linux-gnuabi64|mips64el|bookworm|linux-image-5kc-malta|qemu-system-mips64el -M malta -cpu 5KEc -m 1024|ttyS0|qemu-system-mips
powerpc64le|powerpc64le-linux-gnu|ppc64el|bookworm|linux-image-powerpc64le|qemu-system-ppc64 -M pseries -m 1024|hvc0|qemu-system-ppc
riscv64|riscv64-linux-gnu|riscv64|sid|linux-image-riscv64|qemu-system-riscv64 -M virt -m 512 -bios default|ttyS0|qemu-system-misc
s390x|s390x-linux-gnu|s390x|bookworm|linux-image-s390x|qemu-system-s390x -M s390-ccw-virtio -m 1024|ttysclp0|qemu-system-misc
'

# cross_arch NAME: set the fields above for NAME as shell variables;
# false for an unknown name.
cross_arch () {
  _line=$(printf '%s\n' "$CROSS_ARCHES" | grep "^$1|") || return 1
  IFS='|' read -r name triple debarch suite kmeta qemu console qpkg <<EOF2
$_line
EOF2
  # qemu-user's binary name: Debian's debarch is not QEMU's.
  case $name in
    arm) quser=qemu-arm-static ;;
    mips64) quser=qemu-mips64el-static ;;
    powerpc64le) quser=qemu-ppc64le-static ;;
    *) quser=qemu-$name-static ;;
  esac
}

# All architecture names, one per line.
cross_arch_names () {
  printf '%s\n' "$CROSS_ARCHES" | sed -n 's/^\([^|]*\)|.*/\1/p'
}

# The cache of kernels, packages and the private apt state: outside the
# build tree, kept across runs.
CROSS_CACHE=${LIBCLONE3_CROSS_CACHE:-/var/cache/libclone3-cross}
