/* The clone3 callback wrapper for LoongArch (64-bit, LP64D).
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.

   long __clone3_raw (struct clone_args *cl_args, size_t size,
                      int (*fn) (void *), void *arg);

   Call:    $a0 = cl_args, $a1 = size, $a2 = fn, $a3 = arg.
   clone3:  syscall 0 with $a7 = __NR_clone3, $a0 = cl_args, $a1 = size;
            returns in $a0, may clobber $t0-$t8, preserves the rest in
            both tasks.
   exit:    $a7 = __NR_exit, $a0 = status.

   Returns the child's TID in the parent or a negated errno value; sets
   no errno.  The child runs FN (ARG) on a stack aligned to 16 bytes and
   ends the thread with FN's result.  */

#include "sysdep.h"

	.text
ENTRY (__clone3_raw)
	beqz	$a0, L(einval)		/* No NULL argument block.  */
	bnez	$a2, L(call)		/* No NULL function.  */
L(einval):
	li.w	$a0, -EINVAL
	ret

L(call):
	/* $a2 and $a3 survive the system call, in the child too.  */
	li.w	$a7, SYS_ify (clone3)

	/* The child starts with no frame to unwind into: end the FDE
	   before the system call.  */
	cfi_endproc
	syscall	0

	beqz	$a0, L(child)
	ret

L(child):
	cfi_startproc
	cfi_undefined (1)	/* $ra: outermost frame, unwinders stop.  */
	move	$fp, $zero
	move	$ra, $zero
	bstrins.d $sp, $zero, 3, 0	/* The kernel does not align STACK + SIZE.  */
	move	$a0, $a3
	jirl	$ra, $a2, 0
	li.w	$a7, SYS_ify (exit)	/* $a0 already holds the status.  */
	syscall	0
	break	0			/* exit does not return.  */
END (__clone3_raw)

	.section .note.GNU-stack, "", @progbits
