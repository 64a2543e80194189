/* The signal-return trampoline of the dispatch strategy, i386.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.

   void __clone3_sud_restorer (void);

   Installed as the SIGSYS handler's sa_restorer, and the whole of the
   region Syscall User Dispatch always allows: while the dispatch blocks,
   every other system call traps, rt_sigreturn included.  int $0x80, not
   the vDSO, so that the call is made from inside the region.  The byte
   sequence is the one libgcc's unwinder recognises as an SA_SIGINFO
   signal frame (movl $173, %eax; int $0x80), so backtraces still cross
   the handler.  */

#include "sysdep.h"

	.text
	.globl	__clone3_sud_restorer
	.hidden	__clone3_sud_restorer
	.type	__clone3_sud_restorer, @function
	.globl	__clone3_sud_restorer_end
	.hidden	__clone3_sud_restorer_end
	.p2align 4
	nop		/* Unwinders look one byte before the return address.  */
__clone3_sud_restorer:
	movl	$SYS_ify (rt_sigreturn), %eax
	int	$0x80
	hlt
/* The kernel checks the address after the system call instruction.  */
__clone3_sud_restorer_end:
	.size	__clone3_sud_restorer, . - __clone3_sud_restorer

	.section .note.GNU-stack, "", @progbits
