/* The kernel's struct sigaction and sigset_t, for rt_sigaction and
   rt_sigprocmask made as raw system calls.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.

   The kernel's generic layout, with sa_restorer (x86, Arm, AArch64, POWER,
   s390x) or, where the architecture's kernel-sigaction.h defines
   KERNEL_SIGACTION_NO_RESTORER and then includes this file with
   #include_next, without (RISC-V, LoongArch: their signal handlers return
   through the vDSO).  MIPS has a layout of its own.  On a host this library
   has no directory for, the structure is only read from the kernel and
   given back to it (clone3-signals.cc), for which the handler and flags
   coming first and the structure being no smaller than the kernel's is all
   that counts.  */

#ifndef _KERNEL_SIGACTION_H
#define _KERNEL_SIGACTION_H 1

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

namespace clone3_internal {

/* The size of the kernel's sigset_t: 64 signals here.  glibc's _NSIG is
   one more than the kernel's (65) on most ports, the kernel's own (128)
   on MIPS; _NSIG / 8 is right on both.  */
constexpr size_t kernel_sigset_size = _NSIG / 8;
static_assert (kernel_sigset_size == 8, "a kernel sigset_t of 64 signals");
/* Two longs on a 32-bit kernel, aligned as a long (a uint64_t member
   would be 8-byte aligned on Arm).  */
typedef uint64_t kernel_sigset __attribute__ ((aligned (sizeof (long))));

#ifndef KERNEL_SIGACTION_NO_RESTORER
/* The kernel's SA_RESTORER, which glibc's headers do not define.  */
constexpr unsigned long kernel_sa_restorer = 0x04000000;
# define KERNEL_SIGACTION_HAS_RESTORER 1
#endif

struct kernel_sigaction
{
  void (*handler) (int, siginfo_t *, void *);
  unsigned long flags;
#ifdef KERNEL_SIGACTION_HAS_RESTORER
  void (*restorer) (void);
#endif
  kernel_sigset mask;
};

#ifdef KERNEL_SIGACTION_HAS_RESTORER
static_assert (offsetof (kernel_sigaction, mask) == 3 * sizeof (long),
	       "sa_mask follows three longs");
#else
static_assert (offsetof (kernel_sigaction, mask) == 2 * sizeof (long),
	       "sa_mask follows two longs");
#endif

} // namespace clone3_internal

#endif /* kernel-sigaction.h */
