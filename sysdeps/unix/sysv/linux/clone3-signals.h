/* CLONE_CLEAR_SIGHAND: its emulation for the legacy clone fallback, and
   glibc's internal signals kept in a fork-like child.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.  */

#ifndef _CLONE3_SIGNALS_H
#define _CLONE3_SIGNALS_H 1

#include "clone3-internal.h"

#include <kernel-sigaction.h>

namespace clone3_internal {

/* Reset every handled signal to SIG_DFL, as CLONE_CLEAR_SIGHAND does;
   called in a child before user code runs.  Async-signal-safe.  */
void clear_signal_handlers () attribute_hidden;

/* The same for a fork-like child (clone3_fork, clone3_fork_raw), which
   keeps glibc's internal signals as fork's child does: see
   internal_signals_save.  */
void clear_fork_signal_handlers () attribute_hidden;

/* The kernel actions of glibc's internal signals, SIGCANCEL and
   SIGSETXID, before a fork-like child is made with CLONE_CLEAR_SIGHAND.
   glibc installs their handlers once per process and remembers that it
   did (pthread_cancel's init_sigcancel; pthread_create's late_init while
   __libc_single_threaded), and the child inherits the memory: a child
   whose handlers the kernel reset would die of the first setuid with a
   second thread (SIGSETXID) or asynchronous cancellation (SIGCANCEL).
   glibc's own fork never clears them, and neither may clone3_fork.  */
struct internal_signal_actions
{
  bool saved;
  kernel_sigaction action[2];	/* SIGCANCEL's, SIGSETXID's.  */
};

/* Before the clone of a fork-like child: with CLONE_CLEAR_SIGHAND in
   FLAGS read the actions into *S, else only mark *S empty (a plain fork
   pays nothing).  Async-signal-safe.  */
void internal_signals_save (uint64_t flags, internal_signal_actions *s)
  attribute_hidden;

/* In the child, right after the clone and before any handler or user
   code: put back what internal_signals_save read, if anything.  Leaves
   errno alone.  Async-signal-safe.  */
void internal_signals_restore (const internal_signal_actions &s)
  attribute_hidden;

} // namespace clone3_internal

#endif /* clone3-signals.h */
