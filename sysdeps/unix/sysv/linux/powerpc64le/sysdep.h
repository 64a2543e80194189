/* Assembler macros for 64-bit PowerPC, ELFv2 (little-endian).
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.  */

#ifndef _LIBCLONE3_POWERPC64LE_SYSDEP_H
#define _LIBCLONE3_POWERPC64LE_SYSDEP_H 1

#include <asm/unistd.h>
#include <asm/errno.h>

#if !defined _CALL_ELF || _CALL_ELF != 2
# error "only the ELFv2 ABI is supported"
#endif

#define SYS_ify(name) __NR_##name
#define L(label) .L##label

#define cfi_startproc .cfi_startproc
#define cfi_endproc .cfi_endproc
#define cfi_undefined(reg) .cfi_undefined reg
#define cfi_adjust_cfa_offset(off) .cfi_adjust_cfa_offset off
#define cfi_offset(reg, off) .cfi_offset reg, off
#define cfi_restore(reg) .cfi_restore reg

/* ELFv2: the minimum stack frame (back chain, CR, LR and TOC save
   doublewords) and where a callee saves the caller's LR in it.  */
#define FRAME_MIN_SIZE 32
#define FRAME_LR_SAVE 16

/* A library-internal function: global for the linker, hidden from the
   dynamic symbol table.  It uses no TOC, so its global and local entry
   points are one.  */
#define ENTRY(name)				\
	.globl name;				\
	.hidden name;				\
	.type name, @function;			\
	.p2align 4;				\
name:						\
	cfi_startproc

#define END(name)				\
	cfi_endproc;				\
	.size name, . - name

#endif /* sysdep.h */
