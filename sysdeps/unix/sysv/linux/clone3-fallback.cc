/* The ENOSYS fallback: clone3 requests through the legacy clone call.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.

   Old kernels, container seccomp profiles, browser sandboxes and
   qemu-user answer clone3 with ENOSYS.  Once that has been seen it is
   remembered, as glibc does, and requests go to the legacy clone system
   call.  Only here does the library judge a request itself: it checks
   the argument block as clone3 would (check_legacy_request), so the
   errors do not depend on the path, and what the legacy call cannot
   express fails with ENOSYS rather than being dropped.  */

#include "clone3-internal.h"
#include "clone3-signals.h"
/* Angle brackets: the quoted form would find the generic header beside
   this file before the architecture's own.  */
#include <legacy-clone.h>

#include <sched.h>
#include <string.h>

#ifndef SYS_clone3
# define SYS_clone3 435
#endif

namespace clone3_internal {

namespace {

bool clone3_missing;

} // anonymous namespace

bool
clone3_known_missing ()
{
  return __atomic_load_n (&clone3_missing, __ATOMIC_RELAXED);
}

void
clone3_set_missing ()
{
  __atomic_store_n (&clone3_missing, true, __ATOMIC_RELAXED);
}

namespace {

template <typename T>
T *
user_ptr (uint64_t value)
{
  return reinterpret_cast<T *> (static_cast<uintptr_t> (value));
}

/* 0 if legacy clone can carry REQ, else a negated errno.  */
int
legacy_can_express (const request &req)
{
  int r = check_legacy_request (req);
  if (r != 0)
    return r;
  const struct clone_args &a = req.args;
  if (a.set_tid != 0)
    {
      /* clone3 reads the array before anything else can fail.  */
      pid_t tids[max_set_tid_size];
      r = copy_from_caller (tids, user_ptr<const pid_t> (a.set_tid),
			    a.set_tid_size * sizeof (pid_t));
      return r != 0 ? r : -ENOSYS;
    }
  if ((a.flags & (CLONE_INTO_CGROUP | CLONE_NEWTIME)) != 0)
    return -ENOSYS;
  /* Legacy clone returns the pidfd through the parent TID pointer.  */
  if ((a.flags & (CLONE_PIDFD | CLONE_PARENT_SETTID))
      == (CLONE_PIDFD | CLONE_PARENT_SETTID))
    return -ENOSYS;
  return 0;
}

/* The legacy flags word: exit signal in the low byte, no bits above 31
   (CLONE_CLEAR_SIGHAND is emulated in the child).  */
unsigned long
legacy_flags_word (const struct clone_args &a)
{
  return (a.flags & legacy_flags & ~csignal) | a.exit_signal;
}

int *
legacy_parent_tid (const struct clone_args &a)
{
  return user_ptr<int> ((a.flags & CLONE_PIDFD) != 0 ? a.pidfd
			: a.parent_tid);
}

} // anonymous namespace

int
legacy_clone_arguments (const request &req, legacy_clone_args *c)
{
  int r = legacy_can_express (req);
  if (r != 0)
    return r;
  const struct clone_args &a = req.args;
  c->flags = legacy_flags_word (a);
  c->stack = 0;
  c->ptid = reinterpret_cast<uintptr_t> (legacy_parent_tid (a));
  c->ctid = static_cast<uintptr_t> (a.child_tid);
  c->tls = 0;
  return 0;
}

long
fork_syscall (const request &req)
{
  if (!clone3_known_missing ())
    {
      long r = internal_syscall (SYS_clone3, req.kernel_block (), req.size);
      if (r != -ENOSYS)
	return r;
      clone3_set_missing ();
    }

  legacy_clone_args c;
  int r = legacy_clone_arguments (req, &c);
  if (r != 0)
    return r;
  long pid = legacy_clone (c);
  if (pid < 0)
    return pid;
  /* A fork-like child: glibc's internal signals stay, as in fork's.  */
  if (pid == 0 && (req.args.flags & CLONE_CLEAR_SIGHAND) != 0)
    clear_fork_signal_handlers ();
  return pid;
}

namespace {

struct trampoline
{
  int (*fn) (void *);
  void *arg;
};

int
clear_handlers_then_run (void *p)
{
  const trampoline *t = static_cast<const trampoline *> (p);
  int (*fn) (void *) = t->fn;
  void *arg = t->arg;
  clear_signal_handlers ();
  return fn (arg);
}

} // anonymous namespace

long
clone_callback_fallback (const request &req, int (*fn) (void *), void *arg)
{
  int r = legacy_can_express (req);
  if (r != 0)
    return r;

  const struct clone_args &a = req.args;
  const bool clear = (a.flags & CLONE_CLEAR_SIGHAND) != 0;
  trampoline local = { fn, arg };
  trampoline *tramp = &local;
  char *sp;
  if (a.stack != 0)
    {
      sp = user_ptr<char> (a.stack + a.stack_size);
      if (clear)
	{
	  /* A CLONE_VM child may run after this frame is gone: give it
	     its trampoline at the top of its own stack.  */
	  uintptr_t top = reinterpret_cast<uintptr_t> (sp) - sizeof local;
	  tramp = reinterpret_cast<trampoline *> (top & -uintptr_t (16));
	  memcpy (tramp, &local, sizeof local);
	  sp = reinterpret_cast<char *> (tramp);
	}
    }
  else
    /* No stack: the child borrows ours, as clone3 would start it at our
       stack pointer (a vfork-style child, whose parent is suspended, or
       a child with a copy of our memory).  glibc's clone needs a stack
       argument, so start the child below this frame, leaving room for
       clone's own frame in the suspended parent.  */
    sp = static_cast<char *> (__builtin_alloca (16)) - 2048;

  long pid = clone (clear ? clear_handlers_then_run : fn, sp,
		    static_cast<int> (legacy_flags_word (a)),
		    clear ? static_cast<void *> (tramp) : arg,
		    legacy_parent_tid (a), user_ptr<void> (a.tls),
		    user_ptr<int> (a.child_tid));
  return pid < 0 ? -errno : pid;
}

} // namespace clone3_internal
