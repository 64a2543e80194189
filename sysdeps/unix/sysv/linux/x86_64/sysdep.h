/* Assembler macros and the system-call sequence for x86-64.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.  */

#ifndef _LIBCLONE3_X86_64_SYSDEP_H
#define _LIBCLONE3_X86_64_SYSDEP_H 1

#ifdef __CET__
# include <cet.h>
#else
# define _CET_ENDBR
#endif

/* An indirect branch may land on every entry (IBT).  */
#define ENTRY_TAIL _CET_ENDBR

/* An indirect jump to code that has no landing pad (a return address),
   in an object marked compatible with IBT.  */
#ifdef __CET__
# define NOTRACK notrack
#else
# define NOTRACK
#endif

#ifndef __ASSEMBLER__

/* The system call: the number in rax, the arguments in rdi, rsi, rdx,
   r10 (not rcx, which the syscall instruction overwrites with the
   return address), r8 and r9; the result in rax.  The kernel keeps
   every other register but rcx and r11 (the saved rflags).  */

#define CLONE3_ARCH_INTERNAL_SYSCALL 1

namespace clone3_internal {
namespace arch {

/* r8 to r10 have no constraint letter: register variables, which hold
   their register only as the operands of an asm, so nothing may come
   between their initialization and the asm (the arguments are plain
   values by now).  */

inline long
syscall6 (long nr, long a1, long a2, long a3, long a4, long a5, long a6)
{
  long r = nr;
  register long r10 __asm__ ("r10") = a4;
  register long r8 __asm__ ("r8") = a5;
  register long r9 __asm__ ("r9") = a6;
  __asm__ __volatile__ ("syscall"
			: "+a" (r)
			: "D" (a1), "S" (a2), "d" (a3), "r" (r10), "r" (r8),
			  "r" (r9)
			: "rcx", "r11", "cc", "memory");
  return r;
}

} // namespace arch
} // namespace clone3_internal

#endif /* !__ASSEMBLER__ */

#include "../sysdep.h"

#endif /* sysdep.h */
