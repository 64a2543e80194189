/* The dispatch strategy: whether the kernel dispatches, and whether the
   application owns SIGSYS.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.

   The probe runs once per process, in the calling thread and without
   creating anything: no process (which could take a process slot under
   RLIMIT_NPROC, or become PID 1 of a namespace unshared with
   CLONE_NEWPID and end it), no thread, no descriptor; and no
   cancellation point is called (every call is a raw system call).

   First, whether the kernel has clone3: a block of size 0 is refused
   with EINVAL by a kernel that has it, before anything else is looked
   at.  Where it says ENOSYS (an old kernel, a seccomp profile,
   qemu-user) dispatch is not used.  That keeps the dispatch prctl away
   from qemu-user, whose version 11.1 passes it to the host kernel,
   which then traps qemu's own system calls; an emulator that did the
   same and had clone3 would be wrecked here.

   Then the calling thread arms the dispatch for one call that must come
   back through a handler with the value the handler chose, with the
   handler's every check passed, and the dispatch, the SIGSYS action and
   the signal mask are put back.  Only when the application has no SIGSYS
   handler (dispatch_yields): the action is the process's, and a SIGSYS
   of another thread's (a seccomp trap) meanwhile is chained.  */

#include "dispatch.h"

#if CLONE3_HAVE_SUD

#include <string.h>
#include <sys/syscall.h>

namespace clone3_internal {
namespace dispatch {

namespace {

constexpr long probe_magic = 0x5ca1ab1e;

/* The probe's answer, as its values say.  */
enum class probe_result : int { unknown = -1, absent = 0, present = 1 };
/* The answer kept, as its int (the atomic builtins take no enum).  */
int probe_state = static_cast<int> (probe_result::unknown);

probe_result
probe_state_load ()
{
  return static_cast<probe_result> (__atomic_load_n (&probe_state,
						     __ATOMIC_ACQUIRE));
}

/* present: dispatch works; absent: it does not; unknown: not now (the
   application has a SIGSYS handler), to be tried again later.  */
probe_result
probe ()
{
  if (internal_syscall (SYS_clone3, nullptr, 0) == -ENOSYS)
    return probe_result::absent;

  /* Every signal but SIGSYS held: no handler of the application's runs
     while the dispatch is armed, and SIGSYS can be delivered.  */
  sigset_t saved_mask;
  hold_signals (&saved_mask);

  install_state *s = installs_get ();
  probe_result result = probe_result::absent;
  {
    futex_lock_guard guard (s->lock);
    kernel_sigaction act, old {};
    sud::fill_action (&act, probe_handler, SA_SIGINFO | SA_NODEFER,
		      ~sigbit (SIGSYS));
    if (s->count != 0)
      /* Another thread is dispatching: probed already.  */
      result = probe_result::present;
    else if (sigsys_action (nullptr, &old) != 0)
      result = probe_result::absent;
    else if (application_handler (old))
      result = probe_result::unknown;
    else if (sigsys_action (&act, &old) == 0)
      {
	saved_action = old;
	self.selector = SYSCALL_DISPATCH_FILTER_ALLOW;
	if (dispatch_on () == 0)
	  {
	    self.selector = SYSCALL_DISPATCH_FILTER_BLOCK;
	    /* getppid ignores the arguments; the registers carry them.  */
	    long r = internal_syscall (SYS_getppid, probe_magic,
				       probe_magic + 1, probe_magic + 2,
				       probe_magic + 3, probe_magic + 4,
				       probe_magic + 5);
	    self.selector = SYSCALL_DISPATCH_FILTER_ALLOW;
	    dispatch_off ();
	    if (r == probe_magic)
	      result = probe_result::present;
	  }
	put_back_action (&saved_action);
	if (application_handler (saved_action))
	  /* Set between the two looks: not ours to judge now.  */
	  result = probe_result::unknown;
      }
  }
  set_signal_mask (SIG_SETMASK, &saved_mask, nullptr);
  return result;
}

} // anonymous namespace

void
probe_handler (int sig, siginfo_t *info, void *ctx)
{
  char selector = self.selector;
  self.selector = SYSCALL_DISPATCH_FILTER_ALLOW;
  if (info->si_code != SYS_USER_DISPATCH)
    {
      chain (sig, info, ctx);
      self.selector = selector;
      return;
    }
  ucontext_t *uc = static_cast<ucontext_t *> (ctx);
  long a[6];
  sud::syscall_args (uc, a);
  bool ok = info->si_syscall == SYS_getppid
	    && sud::syscall_nr (uc) == SYS_getppid;
  /* Every argument must arrive: some kernels clobber the first one of a
     dispatched call before the signal frame is built.  */
  for (long i = 0; i < 6; ++i)
    ok = ok && a[i] == probe_magic + i;
  sud::set_result (uc, ok ? probe_magic : -ENOSYS);
  self.selector = selector;
}

} // namespace dispatch

using namespace dispatch;

bool
dispatch_available ()
{
  probe_result state = probe_state_load ();
  if (state == probe_result::unknown)
    {
      state = hooks_registered ? probe () : probe_result::absent;
      if (state != probe_result::unknown)
	__atomic_store_n (&probe_state, static_cast<int> (state),
			  __ATOMIC_RELEASE);
    }
  return state == probe_result::present;
}

/* An application with a SIGSYS handler of its own owns SIGSYS: its
   handler must be called by the kernel, with its own flags, mask and
   stack, for every SIGSYS of every thread, and an application that uses
   Syscall User Dispatch itself (Wine) has one, while the kernel lets no
   thread read its own dispatch settings.  So dispatch, which replaces
   the action for the window and switches the calling thread's dispatch
   off at its end, is not used while it has one.  Not on a kernel the
   probe has refused: forcing dispatch there fails as usual.  */
bool
dispatch_yields ()
{
  if (probe_state_load () == probe_result::absent)
    return false;
  kernel_sigaction cur {};
  if (sigsys_action (nullptr, &cur) != 0)
    return false;
  /* Another thread's window, or a probe: the application's is kept.  */
  if (library_handler (cur))
    cur = saved_action;
  return application_handler (cur);
}

} // namespace clone3_internal

#endif /* CLONE3_HAVE_SUD */
