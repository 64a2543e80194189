/* The signal-return trampoline of the dispatch strategy, s390x.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.

   void __clone3_sud_restorer (void);

   Installed as the SIGSYS handler's sa_restorer (the kernel puts it in
   %r14), and the whole of the region Syscall User Dispatch always
   allows: while the dispatch blocks, every other system call traps,
   rt_sigreturn included.  The instruction is the one libgcc's unwinder
   recognises as a signal frame (svc __NR_rt_sigreturn), so backtraces
   still cross the handler.  */

#include "sysdep.h"

	.text
	.globl	__clone3_sud_restorer
	.hidden	__clone3_sud_restorer
	.type	__clone3_sud_restorer, @function
	.globl	__clone3_sud_restorer_end
	.hidden	__clone3_sud_restorer_end
	.p2align 3
	nopr	%r7	/* Unwinders look before the return address.  */
__clone3_sud_restorer:
	svc	SYS_ify (rt_sigreturn)
	.short	0	/* rt_sigreturn does not return.  */
/* The kernel checks the address after the system call instruction.  */
__clone3_sud_restorer_end:
	.size	__clone3_sud_restorer, . - __clone3_sud_restorer

	.section .note.GNU-stack, "", @progbits
