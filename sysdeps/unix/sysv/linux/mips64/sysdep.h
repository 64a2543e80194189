/* Assembler macros and the system-call sequence for MIPS64.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.  */

#ifndef _LIBCLONE3_MIPS64_SYSDEP_H
#define _LIBCLONE3_MIPS64_SYSDEP_H 1

#include <sgidefs.h>

#if _MIPS_SIM != _ABI64 && _MIPS_SIM != _ABIN32
# error "only the n64 and n32 ABIs are supported"
#endif

/* <asm/unistd.h>, included by the generic part, picks the ABI's
   numbers (n64: 5000 + n).  */

#define ENTRY_ALIGN 3
/* The MIPS function markers, for the debugger's frame finder.  */
#define ENTRY_HEAD(name) .ent name;
#define END_TAIL(name) .end name;

#ifndef __ASSEMBLER__

/* The system call (n64 and n32 alike): the number in v0 ($2), the
   arguments in a0 to a5 ($4 to $9), the result in v0 and a flag in a3
   ($7): zero for success, non-zero when v0 holds a positive errno
   value, turned here into the negated one the rest of the library
   expects.  The kernel may overwrite at ($1), v1 ($3), $10 to $15 (a6,
   a7 and t0 to t3), t8 and t9 ($24 and $25), and hi and lo (which MIPS
   R6 no longer has); it keeps every other register, a4 and a5 ($8 and
   $9) included.  v0 needs no loading right before the syscall
   instruction: the kernels that restarted an interrupted call by
   stepping back to that load are older than 2.6.36, long before
   clone3.  The registers are register variables, which hold their
   register only as the operands of an asm: nothing may come between
   their initialization and the asm, and nothing does, the arguments
   being plain values by now.  */

#if __mips_isa_rev >= 6
# define CLONE3_MIPS_SYSCALL_CLOBBERS					\
  "$1", "$3", "$10", "$11", "$12", "$13", "$14", "$15", "$24", "$25",	\
  "memory"
#else
# define CLONE3_MIPS_SYSCALL_CLOBBERS					\
  "$1", "$3", "$10", "$11", "$12", "$13", "$14", "$15", "$24", "$25",	\
  "hi", "lo", "memory"
#endif

#define CLONE3_ARCH_INTERNAL_SYSCALL 1

namespace clone3_internal {
namespace arch {

inline long
syscall6 (long nr, long arg1, long arg2, long arg3, long arg4, long arg5,
	  long arg6)
{
  register long v0 __asm__ ("$2") = nr;
  register long a0 __asm__ ("$4") = arg1;
  register long a1 __asm__ ("$5") = arg2;
  register long a2 __asm__ ("$6") = arg3;
  register long a3 __asm__ ("$7") = arg4;
  register long a4 __asm__ ("$8") = arg5;
  register long a5 __asm__ ("$9") = arg6;
  __asm__ __volatile__ ("syscall"
			: "+r" (v0), "+r" (a3)
			: "r" (a0), "r" (a1), "r" (a2), "r" (a4), "r" (a5)
			: CLONE3_MIPS_SYSCALL_CLOBBERS);
  return a3 != 0 ? -v0 : v0;
}

} // namespace arch
} // namespace clone3_internal

#undef CLONE3_MIPS_SYSCALL_CLOBBERS

#endif /* !__ASSEMBLER__ */

#include "../sysdep.h"

#endif /* sysdep.h */
