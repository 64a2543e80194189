/* Assembler macros and the system-call sequence for LoongArch 64.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.  */

#ifndef _LIBCLONE3_LOONGARCH64_SYSDEP_H
#define _LIBCLONE3_LOONGARCH64_SYSDEP_H 1

#define ENTRY_ALIGN 2

#ifndef __ASSEMBLER__

/* The system call: syscall 0, the number in a7, the arguments in a0 to
   a5, the result in a0.  The kernel may overwrite the temporaries t0
   to t8, as glibc and musl assume, and keeps every other register.
   The registers are register variables, which hold their register only
   as the operands of an asm: nothing may come between their
   initialization and the asm, and nothing does, the arguments being
   plain values by now.  */

#define CLONE3_ARCH_INTERNAL_SYSCALL 1

namespace clone3_internal {
namespace arch {

inline long
syscall6 (long nr, long arg1, long arg2, long arg3, long arg4, long arg5,
	  long arg6)
{
  register long r_a7 __asm__ ("$a7") = nr;
  register long r_a0 __asm__ ("$a0") = arg1;
  register long r_a1 __asm__ ("$a1") = arg2;
  register long r_a2 __asm__ ("$a2") = arg3;
  register long r_a3 __asm__ ("$a3") = arg4;
  register long r_a4 __asm__ ("$a4") = arg5;
  register long r_a5 __asm__ ("$a5") = arg6;
  __asm__ __volatile__ ("syscall 0"
			: "+r" (r_a0)
			: "r" (r_a7), "r" (r_a1), "r" (r_a2), "r" (r_a3),
			  "r" (r_a4), "r" (r_a5)
			: "$t0", "$t1", "$t2", "$t3", "$t4", "$t5", "$t6",
			  "$t7", "$t8", "memory");
  return r_a0;
}

} // namespace arch
} // namespace clone3_internal

#endif /* !__ASSEMBLER__ */

#include "../sysdep.h"

#endif /* sysdep.h */
