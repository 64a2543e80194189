/* The clone3 callback wrapper for 64-bit MIPS, n64 (and n32).
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.

   long __clone3_raw (struct clone_args *cl_args, size_t size,
                      int (*fn) (void *), void *arg);

   Call:    $a0 = cl_args, $a1 = size, $a2 = fn, $a3 = arg; $s0-$s7,
            $gp, $sp, $fp are callee-saved, $ra is the return address.
   clone3:  syscall with $v0 = __NR_clone3, $a0 = cl_args, $a1 = size;
            returns in $v0, with $a3 non-zero and a positive errno value
            in $v0 on failure; clobbers $at, $v1, $t-registers, and keeps
            the $s-registers in both tasks.
   exit:    $v0 = __NR_exit, $a0 = status.

   Returns the child's TID in the parent or a negated errno value; sets
   no errno.  The child runs FN (ARG) on a stack aligned to 16 bytes,
   calling it through $t9 as position-independent code expects, and
   ends the thread with FN's result.  */

#include "sysdep.h"

/* Saves $s0 and $s1, the registers the child finds FN and ARG in: in a
   frame, not below $sp, where a CLONE_VFORK child sharing the stack
   would write.  */
#define FRAME_SIZE 16

	.text
	.set	nomips16
ENTRY (__clone3_raw)
	beqz	$a0, L(einval)		/* No NULL argument block.  */
	bnez	$a2, L(call)		/* No NULL function.  */
L(einval):
	li	$v0, -EINVAL
	jr	$ra

L(call):
	daddiu	$sp, $sp, -FRAME_SIZE
	cfi_adjust_cfa_offset (FRAME_SIZE)
	sd	$s0, 0($sp)
	cfi_rel_offset ($s0, 0)
	sd	$s1, 8($sp)
	cfi_rel_offset ($s1, 8)
	move	$s0, $a2
	move	$s1, $a3
	li	$v0, SYS_ify (clone3)
	syscall
	beqz	$a3, L(done)
	dsubu	$v0, $zero, $v0		/* Failure: the kernel's errno is positive.  */
L(done):
	beqz	$v0, L(thread_start)
	ld	$s0, 0($sp)
	cfi_restore ($s0)
	ld	$s1, 8($sp)
	cfi_restore ($s1)
	daddiu	$sp, $sp, FRAME_SIZE
	cfi_adjust_cfa_offset (-FRAME_SIZE)
	jr	$ra
END (__clone3_raw)

/* The child, out of line with a frame description of its own, so that
   the parent's return above stays described and the child's stops
   unwinders.  */
	.type	L(thread_start), @function
L(thread_start):
	cfi_startproc
	cfi_undefined ($ra)	/* Outermost frame: unwinders stop here.  */
	move	$fp, $zero
	move	$ra, $zero
	li	$t0, -16
	and	$sp, $sp, $t0	/* The kernel does not align STACK + SIZE.  */
	move	$a0, $s1
	move	$t9, $s0
	jalr	$t9
	move	$a0, $v0		/* FN's result is the status.  */
	li	$v0, SYS_ify (exit)
	syscall
	teq	$zero, $zero	/* exit does not return.  */
	cfi_endproc
	.size	L(thread_start), . - L(thread_start)

	.section .note.GNU-stack, "", @progbits
