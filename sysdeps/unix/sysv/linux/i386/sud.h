/* Syscall User Dispatch on i386: a trapped system call's registers.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.  */

#ifndef _SUD_H
#define _SUD_H 1

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <ucontext.h>

/* Whether the kernel can dispatch this architecture's system calls.  */
#define CLONE3_HAVE_SUD 1

namespace clone3_internal {
namespace sud {

/* The kernel rolls a dispatched call back (syscall_rollback: ax =
   orig_ax): %eax holds its number again.  The arguments are in %ebx,
   %ecx, %edx, %esi, %edi, %ebp, whether the call came by int $0x80 or
   through the vDSO's sysenter, whose sixth argument the kernel has
   already fetched into the saved %ebp.  */
inline long
syscall_nr (const ucontext_t *uc)
{
  return uc->uc_mcontext.gregs[REG_EAX];
}

inline void
syscall_args (const ucontext_t *uc, long a[6])
{
  const greg_t *r = uc->uc_mcontext.gregs;
  a[0] = r[REG_EBX];
  a[1] = r[REG_ECX];
  a[2] = r[REG_EDX];
  a[3] = r[REG_ESI];
  a[4] = r[REG_EDI];
  a[5] = r[REG_EBP];
}

/* What the trapped call returns when the handler returns.  */
inline void
set_result (ucontext_t *uc, long value)
{
  uc->uc_mcontext.gregs[REG_EAX] = value;
}

} // namespace sud
} // namespace clone3_internal

#include "sud-restorer.h"

#endif /* sud.h */
