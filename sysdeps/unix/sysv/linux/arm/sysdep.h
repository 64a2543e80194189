/* Assembler macros for Arm (EABI).
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.  */

#ifndef _LIBCLONE3_ARM_SYSDEP_H
#define _LIBCLONE3_ARM_SYSDEP_H 1

/* ARM state, which a Thumb caller reaches by BLX (the linker rewrites
   its BL); the frame descriptions go in .debug_frame, the unwinding
   tables in the EHABI's .ARM.exidx (.fnstart/.fnend).  */
#define ENTRY_ALIGN 2
#define ENTRY_HEAD(name) .syntax unified; .arm; .cfi_sections .debug_frame;
#define ENTRY_TAIL .fnstart
#define END_TAIL(name) .fnend;

#include "../sysdep.h"

#endif /* sysdep.h */
