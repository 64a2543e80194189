/* exit_signal 0 through clone3, clone3_fork and clone3_fork_raw, with and
   without clone3: the child's end sends the parent no signal (no SIGCHLD
   pending after it is reaped), it is a "clone" child that waitpid without
   __WALL or __WCLONE does not see, and waitpid with __WALL reaps it with
   its status.  A SIGCHLD child, for contrast, does leave SIGCHLD
   pending, so the check can see one.  */
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
  CHECK (sigprocmask (SIG_BLOCK, &block, NULL) == 0);

  for (int w = TEST_CLONE3; w <= TEST_FORK_RAW; ++w)
    {
      /* The contrast: SIGCHLD arrives.  */
      test_drain_signal (SIGCHLD);
      int status = 5;
      struct clone_args a = test_args (0, SIGCHLD);
      pid_t pid = test_spawn (w, &a, test_exit_with, &status);
      if (pid < 0)
	FAIL_EXIT ("%s (exit_signal SIGCHLD): %s", test_names[w],
		   strerror (errno));
      CHECK_EQ (test_wait_exit (pid), 5);
      if (!test_signal_pending (SIGCHLD))
	FAIL_EXIT ("%s: no SIGCHLD from a SIGCHLD child", test_names[w]);

      /* exit_signal 0.  */
      test_drain_signal (SIGCHLD);
      status = 9 + w;
      a = test_args (0, 0);
      pid = test_spawn (w, &a, test_exit_with, &status);
      if (pid < 0)
	FAIL_EXIT ("%s (exit_signal 0): %s", test_names[w], strerror (errno));
      /* Not a SIGCHLD child: invisible without __WALL, alive or not.  */
      CHECK_ERRNO (waitpid (pid, NULL, WNOHANG), ECHILD);
      CHECK_EQ (test_wait_exit (pid), 9 + w);
      if (test_signal_pending (SIGCHLD))
	FAIL_EXIT ("%s: SIGCHLD from a child with exit_signal 0", test_names[w]);
    }

  errno = 0;
  CHECK (waitpid (-1, NULL, WNOHANG | __WALL) == -1 && errno == ECHILD);
  CHECK_EQ (test_count_fds (), fds);
  return 0;
}
