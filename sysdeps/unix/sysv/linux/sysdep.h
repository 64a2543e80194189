/* Assembler macros shared by every architecture's clone3.S.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.

   Each architecture's sysdep.h defines what differs (the alignment of a
   function, directives around its entry and end, ABI constants) and
   then includes this file, as glibc layers its generic, CPU and
   Linux/CPU sysdep.h files.  */

#ifndef _LIBCLONE3_SYSDEP_H
#define _LIBCLONE3_SYSDEP_H 1

#include <asm/unistd.h>
#include <asm/errno.h>

#define SYS_ify(name) __NR_##name
#define L(label) .L##label

#define cfi_startproc .cfi_startproc
#define cfi_endproc .cfi_endproc
#define cfi_undefined(reg) .cfi_undefined reg
#define cfi_adjust_cfa_offset(off) .cfi_adjust_cfa_offset off
#define cfi_offset(reg, off) .cfi_offset reg, off
#define cfi_rel_offset(reg, off) .cfi_rel_offset reg, off
#define cfi_restore(reg) .cfi_restore reg

/* The architecture's hooks: the log2 alignment of a function's entry;
   directives before its label (ENTRY_HEAD), after the start of its
   frame description (ENTRY_TAIL: a landing pad for indirect branches,
   say), and at its end (END_TAIL).  */
#ifndef ENTRY_ALIGN
# define ENTRY_ALIGN 4
#endif
#ifndef ENTRY_HEAD
# define ENTRY_HEAD(name)
#endif
#ifndef ENTRY_TAIL
# define ENTRY_TAIL
#endif
#ifndef END_TAIL
# define END_TAIL(name)
#endif

/* A library-internal function: global for the linker, hidden from the
   dynamic symbol table.  */
#define ENTRY(name)				\
	.globl name;				\
	.hidden name;				\
	.type name, %function;			\
	.p2align ENTRY_ALIGN;			\
	ENTRY_HEAD (name)			\
name:						\
	cfi_startproc;				\
	ENTRY_TAIL

#define END(name)				\
	cfi_endproc;				\
	END_TAIL (name)				\
	.size name, . - name

#endif /* sysdep.h */
