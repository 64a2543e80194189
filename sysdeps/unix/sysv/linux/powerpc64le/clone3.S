/* The clone3 callback wrapper for 64-bit PowerPC, ELFv2.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.

   long __clone3_raw (struct clone_args *cl_args, size_t size,
                      int (*fn) (void *), void *arg);

   Call:    r3 = cl_args, r4 = size, r5 = fn, r6 = arg; r14-r31 are
            callee-saved.
   clone3:  sc with r0 = __NR_clone3, r3 = cl_args, r4 = size; returns
            in r3, a positive errno value with cr0.SO set on failure;
            r0 and r4-r12 are volatile, r14-r31 kept in both tasks.
   exit:    r0 = __NR_exit, r3 = status.

   Returns the child's TID in the parent or a negated errno value; sets
   no errno.  The child runs FN (ARG) on a stack aligned to 16 bytes,
   under a minimum frame whose back chain is zero, with r12 = FN as the
   global entry point expects, and ends the thread with FN's result.  */

#include "sysdep.h"

/* A frame of our own for the two registers the child needs: not the
   red zone, which a CLONE_VFORK child on the parent's stack would
   overwrite.  */
#define FRAME_SIZE (FRAME_MIN_SIZE + 16)

	.text
ENTRY (__clone3_raw)
	cmpdi	%r3, 0			/* No NULL argument block.  */
	beq-	L(einval)
	cmpdi	%r5, 0			/* No NULL function.  */
	bne+	L(call)
L(einval):
	li	%r3, -EINVAL
	blr

L(call):
	stdu	%r1, -FRAME_SIZE(%r1)
	cfi_adjust_cfa_offset (FRAME_SIZE)
	std	%r30, FRAME_MIN_SIZE(%r1)
	cfi_offset (%r30, -16)
	std	%r31, FRAME_MIN_SIZE + 8(%r1)
	cfi_offset (%r31, -8)
	mr	%r30, %r5
	mr	%r31, %r6
	li	%r0, SYS_ify (clone3)
	sc
	bns+	L(done)
	neg	%r3, %r3		/* Failure: the kernel's errno is positive.  */
L(done):
	cmpdi	%r3, 0
	beq	L(thread_start)
	ld	%r30, FRAME_MIN_SIZE(%r1)
	cfi_restore (%r30)
	ld	%r31, FRAME_MIN_SIZE + 8(%r1)
	cfi_restore (%r31)
	addi	%r1, %r1, FRAME_SIZE
	cfi_adjust_cfa_offset (-FRAME_SIZE)
	blr
END (__clone3_raw)

/* The child, out of line with a frame description of its own, so that
   the parent's return above stays described and the child's stops
   unwinders.  */
	.type	L(thread_start), @function
L(thread_start):
	cfi_startproc
	cfi_undefined (%lr)	/* Outermost frame: unwinders stop here.  */
	li	%r0, 0
	mtlr	%r0
	clrrdi	%r1, %r1, 4	/* The kernel does not align STACK + SIZE.  */
	stdu	%r0, -FRAME_MIN_SIZE(%r1)	/* A zero back chain ends the walk.  */
	mr	%r12, %r30
	mtctr	%r12
	mr	%r3, %r31
	bctrl
	li	%r0, SYS_ify (exit)	/* r3 already holds the status.  */
	sc
	trap			/* exit does not return.  */
	cfi_endproc
	.size	L(thread_start), . - L(thread_start)

	.section .note.GNU-stack, "", @progbits
