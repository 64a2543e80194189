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

/* The kernel's sigset_t is _NSIG bits, less than glibc's.  */
static constexpr size_t kernel_sigset_size = (_NSIG - 1) / 8;

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

void
clear_signal_handlers ()
{
  /* What the kernel's flush_signal_handlers does for
     CLONE_CLEAR_SIGHAND: an ignored signal stays ignored, every other
     goes back to SIG_DFL, and every disposition loses its flags and
     mask.  The handler field is compared whatever SA_SIGINFO says, as
     the kernel does.  glibc's sigaction refuses its two internal
     signals; their handlers only matter to threads, which a new process
     has none of.  */
  int saved = errno;
  for (int sig = 1; sig < _NSIG; ++sig)
    {
      struct sigaction old;
      if (sigaction (sig, nullptr, &old) != 0)
	continue;
      struct sigaction reset;
      memset (&reset, 0, sizeof reset);
      reset.sa_handler = old.sa_handler == SIG_IGN ? SIG_IGN : SIG_DFL;
      sigaction (sig, &reset, nullptr);
    }
  errno = saved;
}

} // namespace clone3_internal
