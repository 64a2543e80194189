/* Assembler macros for ARM (EABI).
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.

   '@' starts a comment here: types are written %function, %progbits.
   Unwinding on ARM EABI goes through .ARM.exidx (.fnstart/.fnend);
   the CFI goes to .debug_frame, for debuggers, as GCC's own output
   does.  */

#ifndef _LIBCLONE3_ARM_SYSDEP_H
#define _LIBCLONE3_ARM_SYSDEP_H 1

#include <asm/unistd.h>
#include <asm/errno.h>

#define SYS_ify(name) __NR_##name
#define L(label) .L##label

#define cfi_sections .cfi_sections .debug_frame
#define cfi_startproc .cfi_startproc
#define cfi_endproc .cfi_endproc
#define cfi_undefined(reg) .cfi_undefined reg

/* A library-internal function: global for the linker, hidden from the
   dynamic symbol table.  ARM state, which a Thumb caller reaches by
   BLX (the linker rewrites its BL).  */
#define ENTRY(name)				\
	.syntax unified;			\
	.arm;					\
	cfi_sections;				\
	.globl name;				\
	.hidden name;				\
	.type name, %function;			\
	.p2align 2;				\
name:						\
	.fnstart;				\
	cfi_startproc

#define END(name)				\
	cfi_endproc;				\
	.fnend;					\
	.size name, . - name

#endif /* sysdep.h */
