/* Syscall User Dispatch on x86-64: a trapped system call's registers.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.  */

#ifndef _SUD_H
#define _SUD_H 1

#include <signal.h>
#include <stdint.h>
#include <ucontext.h>

/* Whether the kernel can dispatch this architecture's system calls.  */
#define CLONE3_HAVE_SUD 1

namespace clone3_internal {
namespace sud {

/* The kernel rolls a dispatched call back: %rax holds its number again,
   and the arguments are where the call put them.  */
inline long
syscall_nr (const ucontext_t *uc)
{
  return uc->uc_mcontext.gregs[REG_RAX];
}

inline void
syscall_args (const ucontext_t *uc, long a[6])
{
  const greg_t *r = uc->uc_mcontext.gregs;
  a[0] = r[REG_RDI];
  a[1] = r[REG_RSI];
  a[2] = r[REG_RDX];
  a[3] = r[REG_R10];
  a[4] = r[REG_R8];
  a[5] = r[REG_R9];
}

/* What the trapped call returns when the handler returns.  */
inline void
set_result (ucontext_t *uc, long value)
{
  uc->uc_mcontext.gregs[REG_RAX] = value;
}

/* The kernel's struct sigaction, for rt_sigaction with our restorer.  */
struct kernel_sigaction
{
  void (*handler) (int, siginfo_t *, void *);
  unsigned long flags;
  void (*restorer) (void);
  uint64_t mask;
};

constexpr unsigned long sa_restorer = 0x04000000;

} // namespace sud
} // namespace clone3_internal

#include "sud-restorer.h"

#endif /* sud.h */
