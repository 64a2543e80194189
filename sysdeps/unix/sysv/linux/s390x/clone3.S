/* The clone3 callback wrapper for s390x.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.

   long __clone3_raw (struct clone_args *cl_args, size_t size,
                      int (*fn) (void *), void *arg);

   Call:    %r2 = cl_args, %r3 = size, %r4 = fn, %r5 = arg; %r6-%r15
            are callee-saved, %r14 holds the return address.
   clone3:  svc 0 with %r1 = __NR_clone3 (above 255, so not in the svc
            instruction), %r2 = cl_args, %r3 = size; returns in %r2,
            preserves the rest in both tasks.
   exit:    svc __NR_exit with %r2 = status.

   Returns the child's TID in the parent or a negated errno value; sets
   no errno.  The child runs FN (ARG) with the stack pointer 8-byte
   aligned and the ABI's 160-byte register save area below it, its back
   chain zero, and ends the thread with FN's result.  */

#include "sysdep.h"

	.text
ENTRY (__clone3_raw)
	ltgr	%r2, %r2		/* No NULL argument block.  */
	jz	L(einval)
	ltgr	%r4, %r4		/* No NULL function.  */
	jnz	L(call)
L(einval):
	lghi	%r2, -EINVAL
	br	%r14

L(call):
	/* %r4 and %r5 survive the system call, in the child too.  */
	lghi	%r1, SYS_ify (clone3)

	/* The child starts with no frame to unwind into: end the FDE
	   before the system call.  */
	cfi_endproc
	svc	0

	ltgr	%r2, %r2
	jz	L(child)
	br	%r14

L(child):
	cfi_startproc
	cfi_undefined (%r14)	/* Outermost frame: unwinders stop here.  */
	lghi	%r11, 0
	lghi	%r14, 0
	nill	%r15, 0xfff8	/* The kernel does not align STACK + SIZE.  */
	aghi	%r15, -STACK_FRAME_OVERHEAD
	xc	0(8, %r15), 0(%r15)	/* A zero back chain ends the walk.  */
	lgr	%r2, %r5
	basr	%r14, %r4
	svc	SYS_ify (exit)	/* %r2 already holds the status.  */
	.short	0		/* exit does not return.  */
END (__clone3_raw)

	.section .note.GNU-stack, "", @progbits
