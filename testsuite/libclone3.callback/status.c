/* FN's return value is the child's exit status (its low 8 bits, as for
   exit), FN gets ARG, and a plain fork-like child (no stack, no CLONE_VM)
   works: it runs on a copy of the parent's memory, so it sees the
   parent's data as it was at the call, and its writes stay its own.  */
/* { dg-do run } */

#include "clone3-test.h"
#include "test-child.h"

static int shared_looking = 17;

struct job
{
  int status;
  int expect_seen;
};

static int
child_fn (void *arg)
{
  struct job *j = arg;
  /* A copy of our memory: the value set before the call ...  */
  if (shared_looking != j->expect_seen)
    return 200;
  /* ... and a write the parent must not see.  */
  shared_looking = -1;
  return j->status;
}

static int
do_test (void)
{
  int fds = test_count_fds ();
  static const struct { int ret; int status; } cases[] = {
    { 0, 0 }, { 1, 1 }, { 42, 42 }, { 255, 255 }, { 0x1234, 0x34 },
    { -1, 255 },
  };

  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; ++i)
    {
      shared_looking = 100 + (int) i;
      struct job j = { cases[i].ret, 100 + (int) i };
      struct clone_args a = test_args (0, SIGCHLD);
      pid_t pid = clone3 (&a, sizeof a, child_fn, &j);
      if (pid < 0)
	FAIL_EXIT ("clone3: %s", strerror (errno));
      CHECK (pid != getpid ());
      int st = test_wait_exit (pid);
      if (st != cases[i].status)
	FAIL_EXIT ("FN returned %d: exit status %d, expected %d",
		   cases[i].ret, st, cases[i].status);
      /* The child's write went to its own copy.  */
      CHECK_EQ (shared_looking, 100 + (int) i);
    }

  /* Every child was reaped.  */
  errno = 0;
  CHECK (waitpid (-1, NULL, WNOHANG | __WALL) == -1 && errno == ECHILD);
  CHECK_EQ (test_count_fds (), fds);
  return 0;
}
