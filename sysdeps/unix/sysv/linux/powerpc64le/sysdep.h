/* Assembler macros for POWER64 little-endian (ELFv2).
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.  */

#ifndef _LIBCLONE3_POWERPC64LE_SYSDEP_H
#define _LIBCLONE3_POWERPC64LE_SYSDEP_H 1

#if !defined _CALL_ELF || _CALL_ELF != 2
# error "only the ELFv2 ABI is supported"
#endif

/* ELFv2: the minimum stack frame (back chain, CR, LR and TOC save
   doublewords) and where a callee saves the caller's LR in it.  */
#define FRAME_MIN_SIZE 32
#define FRAME_LR_SAVE 16

/* The functions use no TOC, so their global and local entry points are
   one.  */
#include "../sysdep.h"

#endif /* sysdep.h */
