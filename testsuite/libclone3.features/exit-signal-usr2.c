/* exit_signal SIGUSR2 through clone3, clone3_fork and clone3_fork_raw,
   with and without clone3: when the child exits the parent receives
   SIGUSR2 (with the child's PID, CLD_EXITED and its status in the
   siginfo) and no SIGCHLD; the child is a "clone" child that waitpid
   without __WALL or __WCLONE does not see, and waitpid with __WALL reaps
   it with its status.  */
/* { dg-do run } */

#include "clone3-test.h"
#include "test-child.h"
#include "test-signal.h"

#include <time.h>

static int
do_test (void)
{
  int fds = test_count_fds ();
  sigset_t block;
  sigemptyset (&block);
  sigaddset (&block, SIGCHLD);
  sigaddset (&block, SIGUSR2);
  CHECK (sigprocmask (SIG_BLOCK, &block, NULL) == 0);

  for (int w = TEST_CLONE3; w <= TEST_FORK_RAW; ++w)
    {
      test_drain_signal (SIGCHLD);
      test_drain_signal (SIGUSR2);
      int status = 11 + w;
      struct clone_args a = test_args (0, SIGUSR2);
      pid_t pid = test_spawn (w, &a, test_exit_with, &status);
      if (pid < 0)
	FAIL_EXIT ("%s (exit_signal SIGUSR2): %s", test_names[w],
		   strerror (errno));
      CHECK_ERRNO (waitpid (pid, NULL, WNOHANG), ECHILD);

      /* The signal comes with the child's end.  */
      sigset_t usr2;
      sigemptyset (&usr2);
      sigaddset (&usr2, SIGUSR2);
      struct timespec limit = { 10, 0 };
      siginfo_t si;
      memset (&si, 0, sizeof si);
      int sig;
      do
	sig = sigtimedwait (&usr2, &si, &limit);
      while (sig < 0 && errno == EINTR);
      if (sig != SIGUSR2)
	{
	  test_wait_exit (pid);
	  FAIL_EXIT ("%s: no SIGUSR2 within 10 s of the child's start",
		     test_names[w]);
	}
      CHECK_EQ (si.si_pid, pid);
      CHECK_EQ (si.si_code, CLD_EXITED);
      CHECK_EQ (si.si_status, 11 + w);

      CHECK_EQ (test_wait_exit (pid), 11 + w);
      if (test_signal_pending (SIGCHLD))
	FAIL_EXIT ("%s: SIGCHLD from a child with exit_signal SIGUSR2",
		   test_names[w]);
      if (test_signal_pending (SIGUSR2))
	FAIL_EXIT ("%s: a second SIGUSR2", test_names[w]);
    }

  errno = 0;
  CHECK (waitpid (-1, NULL, WNOHANG | __WALL) == -1 && errno == ECHILD);
  CHECK_EQ (test_count_fds (), fds);
  return 0;
}
