/* Assembler macros for s390x.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.  */

#ifndef _LIBCLONE3_S390X_SYSDEP_H
#define _LIBCLONE3_S390X_SYSDEP_H 1

/* The ELF ABI's register save area, which every caller provides below
   its stack pointer for the function it calls.  */
#define STACK_FRAME_OVERHEAD 160

#define ENTRY_ALIGN 3

#include "../sysdep.h"

#endif /* sysdep.h */
