/* The clone3 callback wrapper for AArch64.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.

   long __clone3_raw (struct clone_args *cl_args, size_t size,
                      int (*fn) (void *), void *arg);

   Call:    x0 = cl_args, x1 = size, x2 = fn, x3 = arg.
   clone3:  svc #0 with x8 = __NR_clone3, x0 = cl_args, x1 = size;
            returns in x0, preserves the rest in both tasks.
   exit:    x8 = __NR_exit, x0 = status.

   Returns the child's TID in the parent or a negated errno value; sets
   no errno.  The child runs FN (ARG) on a stack aligned to 16 bytes and
   ends the thread with FN's result.  */

#include "sysdep.h"

	.text
ENTRY (__clone3_raw)
	cbz	x0, L(einval)		/* No NULL argument block.  */
	cbnz	x2, L(call)		/* No NULL function.  */
L(einval):
	mov	x0, #-EINVAL
	ret

L(call):
	/* x2 and x3 survive the system call, in the child too.  */
	mov	x8, #SYS_ify (clone3)

	/* The child starts with no frame to unwind into: end the FDE
	   before the system call.  */
	cfi_endproc
	svc	#0

	cbz	x0, L(child)
	ret

L(child):
	cfi_startproc
	cfi_undefined (x30)	/* Outermost frame: unwinders stop here.  */
	mov	x29, #0
	mov	x30, #0
	mov	x9, sp
	and	sp, x9, #-16	/* The kernel does not align STACK + SIZE.  */
	mov	x0, x3
	blr	x2
	mov	x8, #SYS_ify (exit)	/* x0 already holds the status.  */
	svc	#0
	brk	#0		/* exit does not return.  */
END (__clone3_raw)

	AARCH64_PROPERTY_NOTE
	.section .note.GNU-stack, "", %progbits
