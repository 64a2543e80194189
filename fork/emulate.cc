/* clone3_fork's emulate strategy, and clone3_fork_raw.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.

   docs/design.md explains the strategies.  A raw clone3 with the repairs
   _Fork makes: the child's TID written into its thread descriptor by the
   kernel (CLONE_CHILD_SETTID, with the address glibc registered), and its
   robust mutex list emptied and registered again.  With HANDLERS, the
   pthread_atfork handlers run around it as fork runs them.  What it cannot
   repair is the state of glibc's internal locks, which another thread of
   the caller may hold: in a multithreaded caller the child must keep to
   async-signal-safe functions (the dispatch and relay strategies lift that
   limit).  */

#include "clone3-signals.h"
#include "fork.h"

namespace clone3_internal {

bool
thread_doors_open ()
{
  robust_list_door robust;
  return thread_tid_address () != nullptr && robust_list_find (&robust);
}

bool
emulate_available (bool probe_doors)
{
  return atfork_registry_complete () && (!probe_doors || thread_doors_open ());
}

long
fork_repaired (const request &req, const robust_list_door &robust)
{
  signal_block block;
  internal_signal_actions internal;
  internal_signals_save (req.args.flags, &internal);
  long pid = fork_syscall (req);
  if (pid == 0)
    {
      internal_signals_restore (internal);
      robust_list_reset_child (robust);
    }
  return pid;
}

long
fork_emulate (request &req, bool handlers)
{
  pid_t *tid = thread_tid_address ();
  robust_list_door robust;
  if (tid == nullptr || !robust_list_find (&robust)
      || (handlers && !atfork_registry_complete ()))
    return -ENOSYS;

  req.args.flags |= CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID;
  req.args.child_tid = reinterpret_cast<uintptr_t> (tid);

  atfork_run run = {};
  if (handlers)
    run = atfork_run_prepare ();
  long pid = fork_repaired (req, robust);
  if (handlers)
    {
      /* As in fork, the parent's handlers run on failure too.  */
      if (pid == 0)
	atfork_run_child (run);
      else
	atfork_run_parent (run);
    }
  return pid;
}

} // namespace clone3_internal
