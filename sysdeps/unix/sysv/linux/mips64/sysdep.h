/* Assembler macros for MIPS64.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.  */

#ifndef _LIBCLONE3_MIPS64_SYSDEP_H
#define _LIBCLONE3_MIPS64_SYSDEP_H 1

#include <sgidefs.h>

#if _MIPS_SIM != _ABI64 && _MIPS_SIM != _ABIN32
# error "only the n64 and n32 ABIs are supported"
#endif

/* <asm/unistd.h>, included by the generic part, picks the ABI's
   numbers (n64: 5000 + n).  */

#define ENTRY_ALIGN 3
/* The MIPS function markers, for the debugger's frame finder.  */
#define ENTRY_HEAD(name) .ent name;
#define END_TAIL(name) .end name;

#include "../sysdep.h"

#endif /* sysdep.h */
