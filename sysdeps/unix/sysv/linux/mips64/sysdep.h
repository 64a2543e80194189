/* Assembler macros for 64-bit MIPS, n64 (and n32) ABI.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.  */

#ifndef _LIBCLONE3_MIPS64_SYSDEP_H
#define _LIBCLONE3_MIPS64_SYSDEP_H 1

#include <sgidefs.h>
#include <asm/unistd.h>
#include <asm/errno.h>

#if _MIPS_SIM != _ABI64 && _MIPS_SIM != _ABIN32
# error "only the n64 and n32 ABIs are supported"
#endif

/* <asm/unistd.h> picks the ABI's numbers (n64: 5000 + n).  */
#define SYS_ify(name) __NR_##name
#define L(label) .L##label

#define cfi_startproc .cfi_startproc
#define cfi_endproc .cfi_endproc
#define cfi_undefined(reg) .cfi_undefined reg
#define cfi_adjust_cfa_offset(off) .cfi_adjust_cfa_offset off
#define cfi_rel_offset(reg, off) .cfi_rel_offset reg, off
#define cfi_restore(reg) .cfi_restore reg

/* A library-internal function: global for the linker, hidden from the
   dynamic symbol table.  */
#define ENTRY(name)				\
	.globl name;				\
	.hidden name;				\
	.type name, @function;			\
	.p2align 3;				\
	.ent name;				\
name:						\
	cfi_startproc

#define END(name)				\
	cfi_endproc;				\
	.end name;				\
	.size name, . - name

#endif /* sysdep.h */
