/* The dispatch strategy: the SIGSYS handler's installation, and the
   dispatch's switch.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.

   The handler is installed only while some thread is dispatching; the
   application's action is kept and restored.  Every call here is a raw
   system call: they run with dispatch armed, in the handler, and in
   fork's child before its thread state is repaired.  */

#include "dispatch.h"

#if CLONE3_HAVE_SUD

#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

namespace clone3_internal {
namespace dispatch {

/* The count of threads that have the handler installed, and its lock,
   are written by every clone3_fork, so they live where a fork does not
   charge the parent for them: on a page the child does not inherit
   (MADV_WIPEONFORK, Linux 4.14), whose page table entries fork leaves
   writable.  In the library's data they would be write-protected by
   every fork, and the next clone3_fork would take a fault to write them
   (measured here: about 1 us; 2 us for the copy while the child still
   shares the page).  Where MADV_WIPEONFORK is not to be had,
   static_installs.  */
install_state *installs;
install_state static_installs;
kernel_sigaction saved_action;

install_state *
installs_get ()
{
  install_state *s = __atomic_load_n (&installs, __ATOMIC_ACQUIRE);
  if (s != nullptr)
    return s;
  size_t page = getauxval (AT_PAGESZ);
  /* libc's mmap, which knows each kernel's (s390x's takes its six
     arguments in memory, 32-bit kernels' their offset in pages); never
     in the window.  A failure only costs the faults: errno is kept.  */
  int saved_errno = errno;
  void *p = mmap (nullptr, page, PROT_READ | PROT_WRITE,
		  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  s = &static_installs;
  if (p != MAP_FAILED)
    {
      if (madvise (p, page, MADV_WIPEONFORK) == 0)
	s = static_cast<install_state *> (p);
      else
	munmap (p, page);
    }
  errno = saved_errno;
  install_state *expected = nullptr;
  if (!__atomic_compare_exchange_n (&installs, &expected, s, false,
				    __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
    {
      /* Another thread was first.  */
      if (s != &static_installs)
	munmap (s, page);
      s = expected;
    }
  return s;
}

long
sigsys_action (const kernel_sigaction *act, kernel_sigaction *old)
{
  return internal_syscall (SYS_rt_sigaction, SIGSYS, act, old,
			   kernel_sigset_size);
}

void
set_signal_mask (int how, const sigset_t *set, sigset_t *old)
{
  /* Cannot fail: HOW is valid, both sets readable and writable.  */
  internal_syscall (SYS_rt_sigprocmask, how, set, old, kernel_sigset_size);
}

void
hold_signals (sigset_t *old)
{
  /* glibc's internal signals too, which sigfillset would leave out.  */
  sigset_t hold;
  memset (&hold, 0xff, sizeof hold);
  sigdelset (&hold, SIGSYS);
  set_signal_mask (SIG_SETMASK, &hold, old);
}

bool
library_handler (const kernel_sigaction &act)
{
  return act.handler == sigsys_handler || act.handler == probe_handler;
}

bool
application_handler (const kernel_sigaction &act)
{
  auto h = reinterpret_cast<uintptr_t> (act.handler);
  return (h != reinterpret_cast<uintptr_t> (SIG_DFL)
	  && h != reinterpret_cast<uintptr_t> (SIG_IGN)
	  && !library_handler (act));
}

/* If the library's handler was not there any more, another thread of
   the application set an action of its own meanwhile: that one stays.  */
void
put_back_action (const kernel_sigaction *act)
{
  kernel_sigaction old {};
  if (sigsys_action (act, &old) == 0 && !library_handler (old))
    sigsys_action (&old, nullptr);
}

long
dispatch_on ()
{
  uintptr_t start, len;
  if (!sud::allowed_region (&start, &len))
    return -ENOSYS;
  return internal_syscall (SYS_prctl, PR_SET_SYSCALL_USER_DISPATCH,
			   PR_SYS_DISPATCH_ON, start, len, &self.selector);
}

void
dispatch_off ()
{
  /* Cannot fail once it was switched on.  */
  internal_syscall (SYS_prctl, PR_SET_SYSCALL_USER_DISPATCH,
		    PR_SYS_DISPATCH_OFF, 0L, 0L, 0L);
}

namespace {

/* Both are called with every signal but SIGSYS held (fork_dispatch,
   close_window), so that a signal handler that calls clone3_fork cannot
   find the lock held by its own thread.  */
bool
install_handler ()
{
  install_state *s = installs_get ();
  futex_lock_guard guard (s->lock);
  if (s->count == 0)
    {
      /* SIGSYS stays deliverable inside the handler (SA_NODEFER, and
	 not in the mask): a call it re-issues may be trapped by a seccomp
	 filter, and a SIGSYS forced while blocked kills the process; the
	 nested SIGSYS comes back here and is chained.  */
      kernel_sigaction act;
      sud::fill_action (&act, sigsys_handler, SA_SIGINFO | SA_NODEFER,
			~sigbit (SIGSYS));
      kernel_sigaction old {};
      if (sigsys_action (&act, &old) != 0)
	return false;
      /* Ours is still there in a fork child whose child handler has not
	 run yet (a signal handler's clone3_fork there): saved_action
	 still holds the application's.  A handler of the application's
	 found here was set since dispatch_yields looked: it is kept, and
	 chain calls it.  */
      if (old.handler != sigsys_handler
	  && memcmp (&old, &saved_action, sizeof old) != 0)
	saved_action = old;
    }
  ++s->count;
  return true;
}

} // anonymous namespace

bool
uninstall_handler ()
{
  install_state *s = installs;
  futex_lock_guard guard (s->lock);
  if (--s->count != 0)
    return false;
  put_back_action (&saved_action);
  return true;
}

long
set_up (frame *f)
{
  if (!install_handler ())
    return -ENOSYS;
  if (self.depth++ == 0)
    {
      long r = dispatch_on ();
      if (r != 0)
	{
	  --self.depth;
	  uninstall_handler ();
	  return r;
	}
    }
  f->set_up = true;
  return 0;
}

void
tear_down (frame *f)
{
  if (--self.depth == 0)
    dispatch_off ();
  uninstall_handler ();
  f->set_up = false;
}

} // namespace dispatch
} // namespace clone3_internal

#endif /* CLONE3_HAVE_SUD */
