/* An application that uses Syscall User Dispatch itself (as Wine does)
   keeps it across clone3_fork, as across fork (): the calling thread's
   dispatch, armed with the application's own selector and with its own
   SIGSYS handler installed, still traps a system call afterwards (the
   handler sees si_code SYS_USER_DISPATCH), and the child has none (the
   kernel does not pass it on).  With fork () first, as the reference;
   then clone3_fork with several arguments, single-threaded and with a
   second thread.  The kernel lets no thread read its own dispatch
   settings: the library does not use its dispatch strategy while the
   application has a SIGSYS handler, which an application that uses
   dispatch must have.  */
/* { dg-do run } */

#define CLONE3_TEST_TIMEOUT 30
#include "clone3-test.h"
#include "test-child.h"
#include "strategy-util.h"

#include <stdint.h>

#ifndef PR_SET_SYSCALL_USER_DISPATCH
# define PR_SET_SYSCALL_USER_DISPATCH 59
# define PR_SYS_DISPATCH_OFF 0
# define PR_SYS_DISPATCH_ON 1
#endif
#ifndef SYSCALL_DISPATCH_FILTER_ALLOW
# define SYSCALL_DISPATCH_FILTER_ALLOW 0
# define SYSCALL_DISPATCH_FILTER_BLOCK 1
#endif
#ifndef SYS_USER_DISPATCH
# define SYS_USER_DISPATCH 2
#endif

static volatile char selector = SYSCALL_DISPATCH_FILTER_ALLOW;
static volatile sig_atomic_t sud_traps, other_traps;

static void
app_sigsys (int sig, siginfo_t *info, void *ctx)
{
  (void) ctx;
  /* The handler's own calls, and its return, must not trap.  */
  selector = SYSCALL_DISPATCH_FILTER_ALLOW;
  if (sig == SIGSYS && info->si_code == SYS_USER_DISPATCH
      && info->si_syscall == SYS_getppid)
    ++sud_traps;
  else
    ++other_traps;
}

/* Whether the calling thread's dispatch traps a getppid.  */
static int
dispatch_traps (void)
{
  int before = sud_traps;
  selector = SYSCALL_DISPATCH_FILTER_BLOCK;
  syscall (SYS_getppid);
  selector = SYSCALL_DISPATCH_FILTER_ALLOW;
  if (other_traps != 0)
    FAIL_EXIT ("a SIGSYS that is not the dispatch's reached the handler");
  return sud_traps == before + 1;
}

static void
fork_with (const char *what, int by_fork, unsigned long long flags,
	   unsigned long long exit_signal)
{
  int pidfd = -1;
  pid_t pid;
  if (by_fork)
    pid = fork ();
  else
    {
      struct clone_args a = test_args (flags, exit_signal);
      a.pidfd = (uintptr_t) &pidfd;
      pid = clone3_fork (&a, sizeof a);
    }
  if (pid == 0)
    /* Not inherited: the selector blocks, nothing traps.  */
    _exit (dispatch_traps () ? 1 : 0);
  if (pid < 0)
    FAIL_EXIT ("%s: %s", what, strerror (errno));
  if (!dispatch_traps ())
    FAIL_EXIT ("%s: the application's dispatch is off in the parent "
	       "afterwards", what);
  int status = test_wait_exit (pid);
  if (status != 0)
    FAIL_EXIT ("%s: the child has the application's dispatch (status %d)",
	       what, status);
  if (pidfd >= 0)
    close (pidfd);
  printf ("%s: the application's dispatch is kept\n", what);
}

static void *
idle (void *arg)
{
  (void) arg;
  pause ();
  return NULL;
}

static int
do_test (void)
{
  struct sigaction sa;
  memset (&sa, 0, sizeof sa);
  sa.sa_sigaction = app_sigsys;
  sa.sa_flags = SA_SIGINFO;
  CHECK (sigaction (SIGSYS, &sa, NULL) == 0);
  /* No region always allowed: the handler's return goes through with
     the selector open.  */
  if (prctl (PR_SET_SYSCALL_USER_DISPATCH, PR_SYS_DISPATCH_ON, 0L, 0L,
	     &selector) != 0)
    UNSUPPORTED ("no Syscall User Dispatch here: %s", strerror (errno));
  if (!dispatch_traps ())
    FAIL_EXIT ("the application's own dispatch does not trap");

  fork_with ("fork ()", 1, 0, SIGCHLD);
  for (int i = 0; i < 2; ++i)
    {
      fork_with ("clone3_fork", 0, 0, SIGCHLD);
      fork_with ("clone3_fork, CLONE_PIDFD", 0, CLONE_PIDFD, SIGCHLD);
      fork_with ("clone3_fork, exit_signal 0", 0, 0, 0);
      fork_with ("clone3_fork, CLONE_VFORK", 0, CLONE_VFORK, SIGCHLD);
    }
  pthread_t t;
  CHECK_EQ (pthread_create (&t, NULL, idle, NULL), 0);
  fork_with ("multithreaded, fork ()", 1, 0, SIGCHLD);
  fork_with ("multithreaded, clone3_fork", 0, 0, SIGCHLD);
  fork_with ("multithreaded, clone3_fork, CLONE_PIDFD", 0, CLONE_PIDFD,
	     SIGCHLD);
  prctl (PR_SET_SYSCALL_USER_DISPATCH, PR_SYS_DISPATCH_OFF, 0L, 0L, 0L);
  return 0;
}
