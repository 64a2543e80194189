/* The clone3 callback wrapper for ARM (EABI).
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.

   long __clone3_raw (struct clone_args *cl_args, size_t size,
                      int (*fn) (void *), void *arg);

   Call:    r0 = cl_args, r1 = size, r2 = fn, r3 = arg; r4-r11 are
            callee-saved.
   clone3:  svc #0 with r7 = __NR_clone3, r0 = cl_args, r1 = size;
            returns in r0, preserves the rest in both tasks.
   exit:    r7 = __NR_exit, r0 = status.

   Returns the child's TID in the parent or a negated errno value; sets
   no errno.  The child runs FN (ARG) on a stack aligned to 8 bytes, as
   the AAPCS asks at a public interface, and ends the thread with FN's
   result.  Nothing here touches the VFP registers: armel and armhf
   share it.  */

#include "sysdep.h"

	.text
ENTRY (__clone3_raw)
	cmp	r0, #0			/* No NULL argument block.  */
	cmpne	r2, #0			/* No NULL function.  */
	moveq	r0, #-EINVAL
	bxeq	lr

	/* r7 is the caller's; ip is scratch and the system call keeps it.
	   r2 and r3 survive the call, in the child too.  */
	mov	ip, r7
	ldr	r7, =SYS_ify (clone3)	/* No movw before ARMv6T2 (armel).  */

	/* The child starts with no frame to unwind into: end the unwind
	   entries before the system call.  */
	cfi_endproc
	.fnend
	svc	#0

	mov	r7, ip
	cmp	r0, #0
	beq	L(child)
	bx	lr

L(child):
	.fnstart
	.cantunwind		/* Outermost frame: unwinders stop here.  */
	cfi_startproc
	cfi_undefined (lr)
	mov	fp, #0
	mov	lr, #0
	mov	ip, sp
	bic	ip, ip, #7	/* The kernel does not align STACK + SIZE.  */
	mov	sp, ip
	mov	r0, r3
	blx	r2
	mov	r7, #SYS_ify (exit)	/* r0 already holds the status.  */
	svc	#0
	.inst	0xe7f000f0	/* udf: exit does not return.  */
	.ltorg
END (__clone3_raw)

/* The parent's part of __clone3_raw has an unwind entry of the compact
   model, and the EHABI makes every object with such an entry reference
   its personality routine, __aeabi_unwind_cpp_pr0, so that a static
   link pulls in the unwinder.  The unwinder that reads the entry uses
   its own copy; the reference only has to be satisfied.  Satisfy it
   here, weak and hidden, so that libclone3.so does not need libgcc_s
   for a routine it never calls (glibc's libc.so does the same); in a
   static link libgcc_eh's definition takes precedence.  */
	.weak	__aeabi_unwind_cpp_pr0
	.hidden	__aeabi_unwind_cpp_pr0
	.type	__aeabi_unwind_cpp_pr0, %function
	.p2align 2
__aeabi_unwind_cpp_pr0:
	.inst	0xe7f000f0	/* udf: never called, see above.  */
	.size	__aeabi_unwind_cpp_pr0, . - __aeabi_unwind_cpp_pr0

	.section .note.GNU-stack, "", %progbits
