/* The kernel's struct sigaction and sigset_t on MIPS: the flags first,
   an int, then the handler; 128 signals; no sa_restorer.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.  */

#ifndef _KERNEL_SIGACTION_H
#define _KERNEL_SIGACTION_H 1

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

namespace clone3_internal {

/* glibc's _NSIG is the kernel's own here (128).  */
constexpr size_t kernel_sigset_size = _NSIG / 8;
static_assert (kernel_sigset_size == 16, "a kernel sigset_t of 128 signals");
struct kernel_sigset
{
  uint64_t bits[2];
};

struct kernel_sigaction
{
  unsigned int flags;
  void (*handler) (int, siginfo_t *, void *);
  kernel_sigset mask;
};

} // namespace clone3_internal

#endif /* kernel-sigaction.h */
