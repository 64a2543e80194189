/* Assembler macros for RISC-V 64.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.  */

#ifndef _LIBCLONE3_RISCV64_SYSDEP_H
#define _LIBCLONE3_RISCV64_SYSDEP_H 1

#define ENTRY_ALIGN 2

#include "../sysdep.h"

#endif /* sysdep.h */
