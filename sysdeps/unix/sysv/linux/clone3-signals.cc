/* Signal-mask guard and CLONE_CLEAR_SIGHAND emulation.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.  */

#include "clone3-internal.h"
#include "clone3-signals.h"

#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace clone3_internal {

/* The size of the kernel's sigset_t: 64 or 128 signals.  glibc's _NSIG
   is one more than the kernel's (65) on most ports but the kernel's own
   on MIPS (128), where (_NSIG - 1) / 8 would be 15 bytes and every
   rt_sigprocmask and rt_sigaction EINVAL; _NSIG / 8 is right on both.  */
static constexpr size_t kernel_sigset_size = _NSIG / 8;
static_assert (kernel_sigset_size == 8 || kernel_sigset_size == 16,
	       "a kernel sigset_t of 64 or 128 signals");

/* The raw system call, not pthread_sigmask: glibc's own signals (thread
   cancellation, setxid) must be blocked as well.  */
signal_block::signal_block ()
{
  /* Not sigfillset, which leaves glibc's internal signals out.  */
  sigset_t all;
  memset (&all, 0xff, sizeof all);
  syscall (SYS_rt_sigprocmask, SIG_BLOCK, &all, &saved_, kernel_sigset_size);
}

signal_block::~signal_block ()
{
  syscall (SYS_rt_sigprocmask, SIG_SETMASK, &saved_, nullptr,
	   kernel_sigset_size);
}

/* The kernel's struct sigaction for rt_sigaction, as far as this file
   needs it: the handler, then the flags (the other way round on MIPS),
   then room for the restorer where there is one and the mask, which
   stay zero.  */
struct kernel_sigaction
{
#ifdef __mips__
  unsigned int flags;
  void (*handler) (int);
#else
  void (*handler) (int);
  unsigned long flags;
#endif
  unsigned long rest[4];
};

void
clear_signal_handlers ()
{
  /* What the kernel's flush_signal_handlers does for
     CLONE_CLEAR_SIGHAND: an ignored signal stays ignored, every other
     goes back to SIG_DFL, and every disposition loses its flags and
     mask.  The handler field is compared whatever SA_SIGINFO says, as
     the kernel does.  The system call itself, not sigaction: this runs
     in a fork child before fork returns, where glibc 2.41 and later
     still hold the abort lock that their sigaction takes for SIGABRT
     (a deadlock), and glibc's own signals get what the kernel would
     give them.  Async-signal-safe.  */
  int saved = errno;
  for (int sig = 1; sig < _NSIG; ++sig)
    {
      struct kernel_sigaction old;
      memset (&old, 0, sizeof old);
      if (syscall (SYS_rt_sigaction, sig, nullptr, &old,
		   kernel_sigset_size) != 0)
	continue;
      struct kernel_sigaction reset;
      memset (&reset, 0, sizeof reset);
      reset.handler = old.handler == SIG_IGN ? SIG_IGN : SIG_DFL;
      syscall (SYS_rt_sigaction, sig, &reset, nullptr, kernel_sigset_size);
    }
  errno = saved;
}

} // namespace clone3_internal
