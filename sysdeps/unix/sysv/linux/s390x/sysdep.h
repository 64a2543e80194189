/* Assembler macros and the system-call sequence for s390x.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.  */

#ifndef _LIBCLONE3_S390X_SYSDEP_H
#define _LIBCLONE3_S390X_SYSDEP_H 1

/* The ELF ABI's register save area, which every caller provides below
   its stack pointer for the function it calls.  */
#define STACK_FRAME_OVERHEAD 160

#define ENTRY_ALIGN 3

#ifndef __ASSEMBLER__

/* The system call: svc 0 with the number in r1 (svc's immediate holds
   only numbers below 256, and r1 takes any), the arguments in r2 to r7,
   the result in r2.  The kernel keeps every other register.  r6 and r7
   are call-saved, which an asm operand needs no care for: the compiler
   saves them in the prologue when it hands them out.  The registers are
   register variables, which hold their register only as the operands
   of an asm: nothing may come between their initialization and the
   asm, and nothing does, the arguments being plain values by now.
   "d" is s390's constraint for a general register.  */

#define CLONE3_ARCH_INTERNAL_SYSCALL 1

namespace clone3_internal {
namespace arch {

inline long
syscall6 (long nr, long a1, long a2, long a3, long a4, long a5, long a6)
{
  register long r1 __asm__ ("r1") = nr;
  register long r2 __asm__ ("r2") = a1;
  register long r3 __asm__ ("r3") = a2;
  register long r4 __asm__ ("r4") = a3;
  register long r5 __asm__ ("r5") = a4;
  register long r6 __asm__ ("r6") = a5;
  register long r7 __asm__ ("r7") = a6;
  __asm__ __volatile__ ("svc 0"
			: "+d" (r2)
			: "d" (r1), "d" (r3), "d" (r4), "d" (r5), "d" (r6),
			  "d" (r7)
			: "memory");
  return r2;
}

} // namespace arch
} // namespace clone3_internal

#endif /* !__ASSEMBLER__ */

#include "../sysdep.h"

#endif /* sysdep.h */
