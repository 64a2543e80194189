/* Assembler macros for x86-64.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.  */

#ifndef _LIBCLONE3_X86_64_SYSDEP_H
#define _LIBCLONE3_X86_64_SYSDEP_H 1

#ifdef __CET__
# include <cet.h>
#else
# define _CET_ENDBR
#endif

/* An indirect branch may land on every entry (IBT).  */
#define ENTRY_TAIL _CET_ENDBR

/* An indirect jump to code that has no landing pad (a return address),
   in an object marked compatible with IBT.  */
#ifdef __CET__
# define NOTRACK notrack
#else
# define NOTRACK
#endif

#include "../sysdep.h"

#endif /* sysdep.h */
