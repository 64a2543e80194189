/* The signal-return trampoline of the dispatch strategy, and the
   continuation of glibc's fork after it, x86-64.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.

   void __clone3_sud_restorer (void);

   Installed as the SIGSYS handler's sa_restorer.  While the dispatch
   blocks, every other system call traps, rt_sigreturn included, so the
   dispatch always allows the region from __clone3_sud_restorer to
   __clone3_sud_restorer_end, which holds both code paths below.  The
   restorer's byte sequence is the one libgcc's unwinder recognises as a
   signal frame (mov $15, %rax; syscall), so backtraces still cross the
   handler.

   void __clone3_sud_fork_resume (void);

   Never called: the SIGSYS handler, for the trapped clone of glibc's
   fork, makes its own return (rt_sigreturn) resume here instead of
   after the trapped call, with %rax = SYS_clone3, %rdi = the
   sud::fork_resume block (a request first: the clone3 arguments, then
   their size), %rsi = the size, every other register as the trapped
   call left it.  So the process is copied after the signal frame is
   gone: neither the parent nor the child writes to it again, and the
   child needs no rt_sigreturn of its own.  The system call preserves
   %rdi in both; the trapped call's %rdi and %rsi come back from the
   block (only read: its page is shared with the child), and the code
   jumps back to the trapped call's return address with the result in
   %rax.  Like the system call it stands for, it changes only %rax, %rcx
   and %r11, and touches no memory below the stack pointer.

   If clone3 says ENOSYS (a seccomp filter installed since the library
   last asked), the block is marked and the legacy clone that the
   handler prepared in it is made here, or the result it prepared
   given: the handler may have put the application's SIGSYS action back
   and turned the dispatch off already, so the call cannot be trapped
   again.  %r9 (clone takes five arguments) holds the block across that
   call, in the parent and in the child.  */

#include "sysdep.h"
#include "sud.h"

	.text
	.globl	__clone3_sud_restorer
	.hidden	__clone3_sud_restorer
	.type	__clone3_sud_restorer, @function
	.globl	__clone3_sud_fork_resume
	.hidden	__clone3_sud_fork_resume
	.type	__clone3_sud_fork_resume, @function
	.globl	__clone3_sud_restorer_end
	.hidden	__clone3_sud_restorer_end
	.p2align 4
	nop		/* Unwinders look one byte before the return address.  */
__clone3_sud_restorer:
	movq	$SYS_ify (rt_sigreturn), %rax
	syscall
	hlt
	.size	__clone3_sud_restorer, . - __clone3_sud_restorer

__clone3_sud_fork_resume:
	syscall
	cmpq	$-ENOSYS, %rax
	je	L(enosys)
	movq	SUD_RESUME_RSI(%rdi), %rsi
	movq	SUD_RESUME_RIP(%rdi), %rcx
	movq	SUD_RESUME_RDI(%rdi), %rdi
	NOTRACK jmp *%rcx
L(enosys):
	movb	$1, SUD_RESUME_ENOSYS(%rdi)
	movq	%rdi, %r9
	movq	SUD_RESUME_LEGACY_ERROR(%r9), %rax
	testq	%rax, %rax
	jnz	L(give_back)
	movl	$SYS_ify (clone), %eax
	movq	SUD_RESUME_LEGACY(%r9), %rdi
	movq	SUD_RESUME_LEGACY+8(%r9), %rsi
	movq	SUD_RESUME_LEGACY+16(%r9), %rdx
	movq	SUD_RESUME_LEGACY+24(%r9), %r10
	movq	SUD_RESUME_LEGACY+32(%r9), %r8
	syscall
L(give_back):
	movq	%r9, %r11
	movq	SUD_RESUME_RDI(%r11), %rdi
	movq	SUD_RESUME_RSI(%r11), %rsi
	movq	SUD_RESUME_RDX(%r11), %rdx
	movq	SUD_RESUME_R10(%r11), %r10
	movq	SUD_RESUME_R8(%r11), %r8
	movq	SUD_RESUME_R9(%r11), %r9
	movq	SUD_RESUME_RIP(%r11), %rcx
	NOTRACK jmp *%rcx
	hlt
	.size	__clone3_sud_fork_resume, . - __clone3_sud_fork_resume
/* The kernel checks the address after the system call instruction.  */
__clone3_sud_restorer_end:

	.section .note.GNU-stack, "", @progbits
