/* Assembler macros and the system-call sequence for Arm (EABI).
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.  */

#ifndef _LIBCLONE3_ARM_SYSDEP_H
#define _LIBCLONE3_ARM_SYSDEP_H 1

/* ARM state, which a Thumb caller reaches by BLX (the linker rewrites
   its BL); the frame descriptions go in .debug_frame, the unwinding
   tables in the EHABI's .ARM.exidx (.fnstart/.fnend).  */
#define ENTRY_ALIGN 2
#define ENTRY_HEAD(name) .syntax unified; .arm; .cfi_sections .debug_frame;
#define ENTRY_TAIL .fnstart
#define END_TAIL(name) .fnend;

#ifndef __ASSEMBLER__

/* The system call (EABI): svc 0, the number in r7, the arguments in r0
   to r5, the result in r0.  The kernel keeps every other register.
   r7 cannot be an operand: it is the frame pointer of Thumb code
   (Debian's armhf default) wherever there is one, at -O0 say, and GCC
   refuses it there.  So the number comes in another register, and the
   asm saves r7 in a third, loads the number, and puts r7 back after the
   call; that works in ARM and Thumb state, with or without a frame
   pointer.  Only an unwinder stopping inside the call would see r7
   (the frame) changed.  The other registers are register variables,
   which hold their register only as the operands of an asm: nothing
   may come between their initialization and the asm, and nothing does,
   the arguments being plain values by now.  */

#define CLONE3_ARCH_INTERNAL_SYSCALL 1

namespace clone3_internal {
namespace arch {

inline long
syscall6 (long nr, long a1, long a2, long a3, long a4, long a5, long a6)
{
  register long r0 __asm__ ("r0") = a1;
  register long r1 __asm__ ("r1") = a2;
  register long r2 __asm__ ("r2") = a3;
  register long r3 __asm__ ("r3") = a4;
  register long r4 __asm__ ("r4") = a5;
  register long r5 __asm__ ("r5") = a6;
  long saved;
  __asm__ __volatile__ ("mov %[saved], r7\n\t"
			"mov r7, %[nr]\n\t"
			"svc 0\n\t"
			"mov r7, %[saved]"
			: "+r" (r0), [saved] "=&r" (saved)
			: [nr] "r" (nr), "r" (r1), "r" (r2), "r" (r3),
			  "r" (r4), "r" (r5)
			: "memory");
  return r0;
}

} // namespace arch
} // namespace clone3_internal

#endif /* !__ASSEMBLER__ */

#include "../sysdep.h"

#endif /* sysdep.h */
