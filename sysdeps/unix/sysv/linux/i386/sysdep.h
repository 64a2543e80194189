/* Assembler macros and the system-call sequence for i386.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.  */

#ifndef _LIBCLONE3_I386_SYSDEP_H
#define _LIBCLONE3_I386_SYSDEP_H 1

#ifdef __CET__
# include <cet.h>
#else
# define _CET_ENDBR
#endif

/* An indirect branch may land on every entry (IBT).  */
#define ENTRY_TAIL _CET_ENDBR

#ifndef __ASSEMBLER__

/* The system call: int $0x80, which every kernel has (the vDSO's
   __kernel_vsyscall is faster on some processors, but its address
   would have to be looked up first); the number in eax, the arguments
   in ebx, ecx, edx, esi, edi and ebp; the result in eax.  The kernel
   keeps every other register.  GCC 5 and later give ebx to an asm even
   in position-independent code.  */

#define CLONE3_ARCH_INTERNAL_SYSCALL 1

namespace clone3_internal {
namespace arch {

/* The sixth argument goes in ebp, which cannot be an operand: it is
   the frame pointer when there is one (at -O0, say), and an operand in
   memory may be addressed through it.  So the number and the sixth
   argument wait in memory (the "m" operand tells the compiler that the
   asm reads them), eax points to them, and the asm saves ebp on the
   stack, loads both and puts ebp back; eax, the only register free for
   the address, then takes the number and the result.  Between the push
   and the pop the frame description is 4 bytes off where the frame is
   esp-based (and where it is ebp-based, ebp holds the sixth argument):
   only an unwinder stopping inside the system call sees it.  */
inline long
syscall6 (long nr, long a1, long a2, long a3, long a4, long a5, long a6)
{
  long mem[2] = { nr, a6 };
  long r;
  __asm__ __volatile__ ("push %%ebp\n\t"
			"movl 4(%%eax), %%ebp\n\t"
			"movl (%%eax), %%eax\n\t"
			"int $0x80\n\t"
			"pop %%ebp"
			: "=a" (r)
			: "0" (mem), "m" (mem), "b" (a1), "c" (a2), "d" (a3),
			  "S" (a4), "D" (a5)
			: "cc", "memory");
  return r;
}

} // namespace arch
} // namespace clone3_internal

#endif /* !__ASSEMBLER__ */

#include "../sysdep.h"

#endif /* sysdep.h */
