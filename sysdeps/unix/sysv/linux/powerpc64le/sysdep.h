/* Assembler macros and the system-call sequence for POWER64
   little-endian (ELFv2).
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.  */

#ifndef _LIBCLONE3_POWERPC64LE_SYSDEP_H
#define _LIBCLONE3_POWERPC64LE_SYSDEP_H 1

#if !defined _CALL_ELF || _CALL_ELF != 2
# error "only the ELFv2 ABI is supported"
#endif

/* ELFv2: the minimum stack frame (back chain, CR, LR and TOC save
   doublewords) and where a callee saves the caller's LR in it.  */
#define FRAME_MIN_SIZE 32
#define FRAME_LR_SAVE 16

/* The functions use no TOC, so their global and local entry points are
   one.  */
#ifndef __ASSEMBLER__

/* The system call: sc, the number in r0, the arguments in r3 to r8; the
   result in r3, with cr0.SO set when r3 holds a positive errno value,
   which the asm negates into the convention the rest of the library
   expects (bns+: failure is the unlikely way).  The kernel follows the
   ELF ABI's rules for a call, less cr1, cr5 to cr7 and lr, which it
   keeps: it may overwrite r0 and r3 to r12, cr0, ctr and xer.  (scv,
   faster on POWER9, would need the auxiliary vector's say-so; sc works
   everywhere.)  The registers are register variables, which hold their
   register only as the operands of an asm: nothing may come between
   their initialization and the asm, and nothing does, the arguments
   being plain values by now.  */

#define CLONE3_ARCH_INTERNAL_SYSCALL 1

namespace clone3_internal {
namespace arch {

inline long
syscall6 (long nr, long a1, long a2, long a3, long a4, long a5, long a6)
{
  register long r0 __asm__ ("r0") = nr;
  register long r3 __asm__ ("r3") = a1;
  register long r4 __asm__ ("r4") = a2;
  register long r5 __asm__ ("r5") = a3;
  register long r6 __asm__ ("r6") = a4;
  register long r7 __asm__ ("r7") = a5;
  register long r8 __asm__ ("r8") = a6;
  __asm__ __volatile__ ("sc\n\t"
			"bns+ 1f\n\t"
			"neg %1, %1\n"
			"1:"
			: "+r" (r0), "+r" (r3), "+r" (r4), "+r" (r5),
			  "+r" (r6), "+r" (r7), "+r" (r8)
			:
			: "r9", "r10", "r11", "r12", "cr0", "ctr", "xer",
			  "memory");
  return r3;
}

} // namespace arch
} // namespace clone3_internal

#endif /* !__ASSEMBLER__ */

#include "../sysdep.h"

#endif /* sysdep.h */
