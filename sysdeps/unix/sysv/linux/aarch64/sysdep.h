/* Assembler macros for AArch64.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.  */

#ifndef _LIBCLONE3_AARCH64_SYSDEP_H
#define _LIBCLONE3_AARCH64_SYSDEP_H 1

/* Branch Target Identification: every function starts with a landing
   pad for an indirect call (a NOP on processors without BTI).  */
#define BTI_C hint 34
#define ENTRY_TAIL BTI_C

#include "../sysdep.h"

/* The GNU property note that marks an object as compatible with BTI
   and with return address signing (PAC), so that the linker can mark
   the library so when every other object is too.  Leaf functions that
   never store the link register need no signing of their own.  */
#define GNU_PROPERTY_AARCH64_FEATURE_1_AND 0xc0000000
#define GNU_PROPERTY_AARCH64_FEATURE_1_BTI 1
#define GNU_PROPERTY_AARCH64_FEATURE_1_PAC 2
#define AARCH64_PROPERTY_NOTE					\
	.pushsection .note.gnu.property, "a";			\
	.p2align 3;						\
	.word 4;		/* The name's size.  */		\
	.word 16;		/* The description's size.  */	\
	.word 5;		/* NT_GNU_PROPERTY_TYPE_0.  */	\
	.asciz "GNU";						\
	.word GNU_PROPERTY_AARCH64_FEATURE_1_AND;		\
	.word 4;						\
	.word GNU_PROPERTY_AARCH64_FEATURE_1_BTI		\
	      | GNU_PROPERTY_AARCH64_FEATURE_1_PAC;		\
	.word 0;						\
	.popsection

#endif /* sysdep.h */
