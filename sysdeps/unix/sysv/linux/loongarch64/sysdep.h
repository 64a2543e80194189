/* Assembler macros for LoongArch (64-bit, LP64D).
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.  */

#ifndef _LIBCLONE3_LOONGARCH64_SYSDEP_H
#define _LIBCLONE3_LOONGARCH64_SYSDEP_H 1

#include <asm/unistd.h>
#include <asm/errno.h>

#define SYS_ify(name) __NR_##name
#define L(label) .L##label

#define cfi_startproc .cfi_startproc
#define cfi_endproc .cfi_endproc
#define cfi_undefined(reg) .cfi_undefined reg

/* A library-internal function: global for the linker, hidden from the
   dynamic symbol table.  */
#define ENTRY(name)				\
	.globl name;				\
	.hidden name;				\
	.type name, @function;			\
	.p2align 2;				\
name:						\
	cfi_startproc

#define END(name)				\
	cfi_endproc;				\
	.size name, . - name

#endif /* sysdep.h */
