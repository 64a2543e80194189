/* The clone3 callback wrapper for i386.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.

   long __clone3_raw (struct clone_args *cl_args, size_t size,
                      int (*fn) (void *), void *arg);

   Call:    4(%esp) = cl_args, 8(%esp) = size, 12(%esp) = fn,
            16(%esp) = arg; %ebx, %esi, %edi, %ebp are callee-saved.
   clone3:  int $0x80 with %eax = __NR_clone3, %ebx = cl_args,
            %ecx = size; returns in %eax, preserves the rest in both tasks.
   exit:    %eax = __NR_exit, %ebx = status.

   int $0x80 rather than the vDSO's __kernel_vsyscall: that entry saves
   %ecx, %edx and %ebp on the caller's stack and pops them on the way
   out, which the child, on a stack of its own, cannot do; reaching it
   also needs glibc's private %gs:0x10 slot or AT_SYSINFO.

   Returns the child's TID in the parent or a negated errno value; sets
   no errno.  The child runs FN (ARG) with the stack 16-byte aligned at
   the call, as the i386 psABI has asked since GCC 4.5, and ends the
   thread with FN's result.  */

#include "sysdep.h"

	.text
ENTRY (__clone3_raw)
	movl	4(%esp), %eax
	testl	%eax, %eax		/* No NULL argument block.  */
	jz	L(einval)
	movl	12(%esp), %eax
	testl	%eax, %eax		/* No NULL function.  */
	jnz	L(call)
L(einval):
	movl	$-EINVAL, %eax
	ret

L(call):
	/* The child needs FN and ARG in registers the system call keeps;
	   they, and %ebx, are the caller's to get back.  */
	pushl	%ebx
	cfi_adjust_cfa_offset (4)
	cfi_rel_offset (%ebx, 0)
	pushl	%esi
	cfi_adjust_cfa_offset (4)
	cfi_rel_offset (%esi, 0)
	pushl	%edi
	cfi_adjust_cfa_offset (4)
	cfi_rel_offset (%edi, 0)
	movl	16(%esp), %ebx		/* cl_args */
	movl	20(%esp), %ecx		/* size */
	movl	24(%esp), %esi		/* fn */
	movl	28(%esp), %edi		/* arg */
	movl	$SYS_ify (clone3), %eax
	int	$0x80
	testl	%eax, %eax
	jz	L(thread_start)
	popl	%edi
	cfi_adjust_cfa_offset (-4)
	cfi_restore (%edi)
	popl	%esi
	cfi_adjust_cfa_offset (-4)
	cfi_restore (%esi)
	popl	%ebx
	cfi_adjust_cfa_offset (-4)
	cfi_restore (%ebx)
	ret
END (__clone3_raw)

/* The child, out of line with a frame description of its own, so that
   the parent's return above stays described and the child's stops
   unwinders.  */
	.type	L(thread_start), @function
L(thread_start):
	cfi_startproc
	cfi_undefined (%eip)	/* Outermost frame: unwinders stop here.  */
	xorl	%ebp, %ebp
	andl	$-16, %esp	/* The kernel does not align STACK + SIZE.  */
	subl	$12, %esp	/* With ARG pushed, 16-aligned at the call.  */
	pushl	%edi
	call	*%esi
	movl	%eax, %ebx		/* FN's result is the status.  */
	movl	$SYS_ify (exit), %eax
	int	$0x80
	hlt			/* exit does not return.  */
	cfi_endproc
	.size	L(thread_start), . - L(thread_start)

	.section .note.GNU-stack, "", @progbits
