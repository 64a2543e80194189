/* clone3_fork_raw, like _Fork, runs no pthread_atfork handler: handlers
   that count their calls in shared memory record none, in the parent or
   in the child, and none in a failing call either.  clone3_fork in the
   same process then runs each once, which shows the counting works.  */
/* { dg-do run } */

#include "clone3-test.h"

#include <pthread.h>

#include <sys/mman.h>

/* prepare, parent and child calls, in memory the child shares.  */
static int *counts;

static void prepare (void) { __atomic_add_fetch (&counts[0], 1, __ATOMIC_SEQ_CST); }
static void parent (void) { __atomic_add_fetch (&counts[1], 1, __ATOMIC_SEQ_CST); }
static void child (void) { __atomic_add_fetch (&counts[2], 1, __ATOMIC_SEQ_CST); }

static void
expect (const char *what, int p, int a, int c)
{
  if (counts[0] != p || counts[1] != a || counts[2] != c)
    FAIL_EXIT ("%s: handler calls %d/%d/%d (prepare/parent/child), "
	       "expected %d/%d/%d", what, counts[0], counts[1], counts[2],
	       p, a, c);
}

static int
do_test (void)
{
  counts = mmap (NULL, 3 * sizeof *counts, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  CHECK (counts != MAP_FAILED);
  /* Two sets, so that neither order nor a first-only bug hides calls.  */
  CHECK_EQ (pthread_atfork (prepare, parent, child), 0);
  CHECK_EQ (pthread_atfork (prepare, parent, child), 0);

  struct clone_args a = test_args (0, SIGCHLD);
  for (int i = 0; i < 2; ++i)
    {
      pid_t pid = clone3_fork_raw (&a, sizeof a);
      if (pid == 0)
	/* Anything counted so far, here or in the parent, is an error.  */
	_exit (counts[0] + counts[1] + counts[2] == 0 ? 0 : 1);
      CHECK (pid > 0);
      int st = test_wait_exit (pid);
      expect ("clone3_fork_raw", 0, 0, 0);
      if (st != 0)
	FAIL_EXIT ("clone3_fork_raw: handlers ran in the child");
    }

  /* A failing call (a refused flag) runs none either.  */
  struct clone_args bad = test_args (CLONE_VM, SIGCHLD);
  CHECK_ERRNO (clone3_fork_raw (&bad, sizeof bad), EINVAL);
  expect ("failing clone3_fork_raw", 0, 0, 0);

  /* The control: clone3_fork runs both sets.  */
  pid_t pid = clone3_fork (&a, sizeof a);
  if (pid == 0)
    _exit (0);
  CHECK (pid > 0);
  CHECK_EQ (test_wait_exit (pid), 0);
  expect ("clone3_fork", 2, 2, 2);

  CHECK (munmap (counts, 3 * sizeof *counts) == 0);
  return 0;
}
