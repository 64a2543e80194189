/* The legacy clone system call on riscv64: TLS before the child TID, the
   order in which glibc's clone passes them to this kernel.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.  */

#define LEGACY_CLONE_FLAGS 0
#define LEGACY_CLONE_STACK 1
#define LEGACY_CLONE_PTID 2
#define LEGACY_CLONE_TLS 3
#define LEGACY_CLONE_CTID 4

#include_next <legacy-clone.h>
