/* Assembler macros and the system-call sequence for AArch64.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.  */

#ifndef _LIBCLONE3_AARCH64_SYSDEP_H
#define _LIBCLONE3_AARCH64_SYSDEP_H 1

/* Branch Target Identification: every function starts with a landing
   pad for an indirect call (a NOP on processors without BTI).  */
#define BTI_C hint 34
#define ENTRY_TAIL BTI_C

#ifndef __ASSEMBLER__

/* The system call: svc 0, the number in x8, the arguments in x0 to x5,
   the result in x0.  The kernel keeps every other register (and the
   condition flags).  The registers are register variables, which hold
   their register only as the operands of an asm: nothing may come
   between their initialization and the asm, and nothing does, the
   arguments being plain values by now.  */

#define CLONE3_ARCH_INTERNAL_SYSCALL 1

namespace clone3_internal {
namespace arch {

inline long
syscall6 (long nr, long a1, long a2, long a3, long a4, long a5, long a6)
{
  register long x8 __asm__ ("x8") = nr;
  register long x0 __asm__ ("x0") = a1;
  register long x1 __asm__ ("x1") = a2;
  register long x2 __asm__ ("x2") = a3;
  register long x3 __asm__ ("x3") = a4;
  register long x4 __asm__ ("x4") = a5;
  register long x5 __asm__ ("x5") = a6;
  __asm__ __volatile__ ("svc 0"
			: "+r" (x0)
			: "r" (x8), "r" (x1), "r" (x2), "r" (x3), "r" (x4),
			  "r" (x5)
			: "memory");
  return x0;
}

} // namespace arch
} // namespace clone3_internal

#endif /* !__ASSEMBLER__ */

#include "../sysdep.h"

#ifdef __ASSEMBLER__
/* The GNU property note that marks an object as compatible with BTI
   and with return address signing (PAC), so that the linker can mark
   the library so when every other object is too.  Leaf functions that
   never store the link register need no signing of their own.  */
#define GNU_PROPERTY_AARCH64_FEATURE_1_AND 0xc0000000
#define GNU_PROPERTY_AARCH64_FEATURE_1_BTI 1
#define GNU_PROPERTY_AARCH64_FEATURE_1_PAC 2
#define AARCH64_PROPERTY_NOTE					\
	.pushsection .note.gnu.property, "a";			\
	.p2align 3;						\
	.word 4;		/* The name's size.  */		\
	.word 16;		/* The description's size.  */	\
	.word 5;		/* NT_GNU_PROPERTY_TYPE_0.  */	\
	.asciz "GNU";						\
	.word GNU_PROPERTY_AARCH64_FEATURE_1_AND;		\
	.word 4;						\
	.word GNU_PROPERTY_AARCH64_FEATURE_1_BTI		\
	      | GNU_PROPERTY_AARCH64_FEATURE_1_PAC;		\
	.word 0;						\
	.popsection
#endif /* __ASSEMBLER__ */

#endif /* sysdep.h */
