/* clone3_fork_raw, like _Fork, runs no pthread_atfork handler: handlers
   that count their calls in shared memory record none, in the parent or
   in the child, and none in a failing call either.  clone3_fork in the
   same process then runs each once, which shows the counting works.  */
/* { dg-do run } */

#include "clone3-test.h"
#include "test-child.h"
#include "test-atfork.h"

#include <pthread.h>

static int
do_test (void)
{
  test_atfork_count_init ();
  const int *counts = test_atfork_counts;
  /* Two sets, so that neither order nor a first-only bug hides calls.  */
  CHECK_EQ (pthread_atfork (test_count_prepare, test_count_parent,
			    test_count_child), 0);
  CHECK_EQ (pthread_atfork (test_count_prepare, test_count_parent,
			    test_count_child), 0);

  struct clone_args a = test_args (0, SIGCHLD);
  for (int i = 0; i < 2; ++i)
    {
      pid_t pid = clone3_fork_raw (&a, sizeof a);
      if (pid == 0)
	/* Anything counted so far, here or in the parent, is an error.  */
	_exit (counts[0] + counts[1] + counts[2] == 0 ? 0 : 1);
      CHECK (pid > 0);
      int st = test_wait_exit (pid);
      test_expect_atfork_counts ("clone3_fork_raw", 0, 0, 0);
      if (st != 0)
	FAIL_EXIT ("clone3_fork_raw: handlers ran in the child");
    }

  /* A failing call (a refused flag) runs none either.  */
  struct clone_args bad = test_args (CLONE_VM, SIGCHLD);
  CHECK_ERRNO (clone3_fork_raw (&bad, sizeof bad), EINVAL);
  test_expect_atfork_counts ("failing clone3_fork_raw", 0, 0, 0);

  /* The control: clone3_fork runs both sets.  */
  pid_t pid = clone3_fork (&a, sizeof a);
  if (pid == 0)
    _exit (0);
  CHECK (pid > 0);
  CHECK_EQ (test_wait_exit (pid), 0);
  test_expect_atfork_counts ("clone3_fork", 2, 2, 2);

  return 0;
}
