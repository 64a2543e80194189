/* The clone3 callback wrapper for x86-64.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.

   long __clone3_raw (struct clone_args *cl_args, size_t size,
                      int (*fn) (void *), void *arg);

   Call:    %rdi = cl_args, %rsi = size, %rdx = fn, %rcx = arg.
   clone3:  %rax = __NR_clone3, %rdi = cl_args, %rsi = size;
            clobbers %rcx and %r11, preserves the rest in both tasks.
   exit:    %rax = __NR_exit, %rdi = status.

   Returns the child's TID in the parent or a negated errno value; sets
   no errno.  The child runs FN (ARG) on a stack aligned to 16 bytes and
   ends the thread with FN's result.  */

#include "sysdep.h"

	.text
ENTRY (__clone3_raw)
	movq	$-EINVAL, %rax
	testq	%rdi, %rdi		/* No NULL argument block.  */
	jz	L(parent)
	testq	%rdx, %rdx		/* No NULL function.  */
	jz	L(parent)

	/* %rcx dies in the system call; %r8 and %r9 survive it, in the
	   child too.  */
	movq	%rdx, %r8
	movq	%rcx, %r9
	movl	$SYS_ify (clone3), %eax

	/* The child starts with no frame to unwind into: end the FDE
	   before the system call.  */
	cfi_endproc
	syscall

	testq	%rax, %rax
	jz	L(child)
L(parent):
	ret

L(child):
	cfi_startproc
	cfi_undefined (%rip)	/* Outermost frame: unwinders stop here.  */
	xorl	%ebp, %ebp
	andq	$-16, %rsp	/* The kernel does not align STACK + SIZE.  */
	movq	%r9, %rdi
	call	*%r8
	movl	%eax, %edi		/* FN's int result is the status.  */
	movl	$SYS_ify (exit), %eax
	syscall
	hlt			/* exit does not return.  */
END (__clone3_raw)

	.section .note.GNU-stack, "", @progbits
