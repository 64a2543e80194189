/* Syscall User Dispatch through a restorer of the library's own.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.

   For architectures whose rt_sigaction takes an sa_restorer: the
   handler returns through <arch>/sud-restorer.S, and that trampoline is
   the whole of the region the dispatch always allows, since the
   handler's own return is a system call too.  Included by such an
   architecture's sud.h.  */

#ifndef _SUD_RESTORER_H
#define _SUD_RESTORER_H 1

#include <kernel-sigaction.h>

#include <stdint.h>
#include <string.h>

#ifndef KERNEL_SIGACTION_HAS_RESTORER
# error "the architecture's struct sigaction has no sa_restorer"
#endif

extern "C" void __clone3_sud_restorer (void)
  __attribute__ ((visibility ("hidden")));
extern "C" const char __clone3_sud_restorer_end[]
  __attribute__ ((visibility ("hidden")));

namespace clone3_internal {
namespace sud {

/* The action for HANDLER with FLAGS and MASK, returning through the
   restorer.  */
inline void
fill_action (kernel_sigaction *act,
	     void (*handler) (int, siginfo_t *, void *), unsigned long flags,
	     uint64_t mask)
{
  *act = {};
  act->handler = handler;
  act->flags = flags | kernel_sa_restorer;
  act->restorer = __clone3_sud_restorer;
  act->mask = mask;
}

/* The region the dispatch always lets through.  */
inline bool
allowed_region (uintptr_t *start, uintptr_t *len)
{
  *start = reinterpret_cast<uintptr_t> (&__clone3_sud_restorer);
  *len = reinterpret_cast<uintptr_t> (__clone3_sud_restorer_end) - *start;
  return true;
}

} // namespace sud
} // namespace clone3_internal

#endif /* sud-restorer.h */
