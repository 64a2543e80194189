# Common part of the qemu-system-ARCH boards: stage each test program,
# then boot the architecture's kernel once with all of them in its
# initramfs (cross/boot.sh, testsuite/lib/libclone3-cross.exp).
# Copyright (C) 2026 The libclone3 authors.
# This file is part of libclone3, licensed under the GNU LGPL 2.1 or
# later; see COPYING.LIB.
load_generic_config "unix"
# Nothing runs on the board until the boot, which cross/boot.sh does
# from this machine: not a remote target.
set board_info($board,isremote) 0
set_board_info libclone3_cross system
