# Common part of the qemu-user-ARCH boards: run each test program under
# qemu-user on this machine (testsuite/lib/libclone3-cross.exp).
# Copyright (C) 2026 The libclone3 authors.
# This file is part of libclone3, licensed under the GNU LGPL 2.1 or
# later; see COPYING.LIB.
load_generic_config "unix"
# The programs run here, through QEMU: not a remote target.
set board_info($board,isremote) 0
set_board_info libclone3_cross user
