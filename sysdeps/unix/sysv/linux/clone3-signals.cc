/* Signal-mask guard, CLONE_CLEAR_SIGHAND emulation, and glibc's internal
   signals kept in a fork-like child.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.  */

#include "clone3-internal.h"
#include "clone3-signals.h"

#include <string.h>
#include <sys/syscall.h>
#include <sysdep.h>

namespace clone3_internal {

/* The raw system call, not pthread_sigmask: glibc's own signals (thread
   cancellation, setxid) must be blocked as well.  */
signal_block::signal_block ()
{
  /* Not sigfillset, which leaves glibc's internal signals out.  */
  sigset_t all;
  memset (&all, 0xff, sizeof all);
  /* Cannot fail: both sets are readable and writable.  */
  internal_syscall (SYS_rt_sigprocmask, SIG_BLOCK, &all, &saved_,
		    kernel_sigset_size);
}

signal_block::~signal_block ()
{
  internal_syscall (SYS_rt_sigprocmask, SIG_SETMASK, &saved_, nullptr,
		    kernel_sigset_size);
}

/* glibc's internal signals (sysdeps/unix/sysv/linux/internal-signals.h):
   SIGCANCEL is __SIGRTMIN and SIGSETXID __SIGRTMIN + 1.  Not SIGRTMIN,
   which glibc reports past them (RESERVED_SIGRT).  __SIGRTMIN is glibc's
   kernel-level number, 32 on every port.  */
#ifdef __SIGRTMIN
constexpr int internal_signal_first = __SIGRTMIN;
#else
constexpr int internal_signal_first = 32;
#endif
constexpr int internal_signal_count = 2;
static_assert (sizeof (internal_signal_actions::action)
	       == internal_signal_count * sizeof (kernel_sigaction),
	       "an action for each of glibc's internal signals");

namespace {

bool
is_internal_signal (int sig)
{
  return sig >= internal_signal_first
	 && sig < internal_signal_first + internal_signal_count;
}

/* What the kernel's flush_signal_handlers does for CLONE_CLEAR_SIGHAND:
   an ignored signal stays ignored, every other goes back to SIG_DFL, and
   every disposition loses its flags and mask; with KEEP_INTERNAL not to
   glibc's internal signals.  The handler field is compared whatever
   SA_SIGINFO says, as the kernel does.  The system call itself, not
   sigaction: this runs in a fork child before fork returns, where glibc
   2.41 and later still hold the abort lock that their sigaction takes
   for SIGABRT (a deadlock), and glibc's sigaction refuses its own
   signals.  Async-signal-safe.  */
void
flush_signal_handlers (bool keep_internal)
{
  const auto ignored = reinterpret_cast<uintptr_t> (SIG_IGN);
  for (int sig = 1; sig < _NSIG; ++sig)
    {
      if (keep_internal && is_internal_signal (sig))
	continue;
      kernel_sigaction old {};
      /* EINVAL for the numbers the kernel has no action for.  */
      if (internal_syscall (SYS_rt_sigaction, sig, nullptr, &old,
			    kernel_sigset_size) != 0)
	continue;
      kernel_sigaction reset {};
      if (reinterpret_cast<uintptr_t> (old.handler) == ignored)
	reset.handler = old.handler;
      /* SIGKILL and SIGSTOP refuse any action (EINVAL), and have the
	 default one already.  */
      internal_syscall (SYS_rt_sigaction, sig, &reset, nullptr,
			kernel_sigset_size);
    }
}

} // anonymous namespace

void
clear_signal_handlers ()
{
  /* clone3's callback form is clone's: its child gets what the kernel
     gives, glibc's signals included.  */
  flush_signal_handlers (false);
}

void
clear_fork_signal_handlers ()
{
  flush_signal_handlers (true);
}

/* Raw system calls throughout: glibc's sigaction refuses its internal
   signals, and clone3_fork_raw must stay async-signal-safe.  */
void
internal_signals_save (uint64_t flags, internal_signal_actions *s)
{
  s->saved = false;
  if ((flags & CLONE_CLEAR_SIGHAND) == 0)
    return;
  bool ok = true;
  for (int i = 0; i < internal_signal_count; ++i)
    {
      s->action[i] = {};
      ok = ok && internal_syscall (SYS_rt_sigaction, internal_signal_first + i,
				   nullptr, &s->action[i],
				   kernel_sigset_size) == 0;
    }
  s->saved = ok;
}

void
internal_signals_restore (const internal_signal_actions &s)
{
  if (!s.saved)
    return;
  /* Cannot fail: the kernel gave these actions out itself.  */
  for (int i = 0; i < internal_signal_count; ++i)
    internal_syscall (SYS_rt_sigaction, internal_signal_first + i,
		      &s.action[i], nullptr, kernel_sigset_size);
}

} // namespace clone3_internal
