/* At a process limit that allows exactly one more process (RLIMIT_NPROC
   of an otherwise unused user), fork () makes one child and then fails
   with EAGAIN while it lives; so must clone3_fork, whatever its
   strategy needs for itself (relay's intermediate process, the dispatch
   probe).  A plain request and one with CLONE_PIDFD (whose pidfd must
   name the child), from a single-threaded and a multithreaded caller,
   each in a fresh process, with fork () as the reference.  Needs root,
   to become the unused user.  */
/* { dg-do run } */

#include "clone3-test.h"
#include "test-child.h"
#include "test-system.h"
#include "strategy-util.h"
#include "state-util.h"

#include <stdint.h>
#include <sys/resource.h>

enum maker { BY_FORK, BY_CLONE3_FORK, BY_CLONE3_FORK_PIDFD, N_MAKERS };
static const char *const maker_names[]
  = { "fork ()", "clone3_fork", "clone3_fork with CLONE_PIDFD" };

enum variant { SINGLE, THREADED, N_VARIANTS };
static const char *const variant_names[]
  = { "single-threaded", "multithreaded" };

static pid_t
make (enum maker m, int *pidfd)
{
  *pidfd = -1;
  if (m == BY_FORK)
    return fork ();
  struct clone_args a = test_args (m == BY_CLONE3_FORK_PIDFD ? CLONE_PIDFD
				   : 0, SIGCHLD);
  a.pidfd = (uintptr_t) pidfd;
  return clone3_fork (&a, sizeof a);
}

/* A user with no process (the kernel counts RLIMIT_NPROC per user).  */
static uid_t
unused_uid (void)
{
  return 40000 + getpid () % 20000;
}

static void
scenario (int which, struct test_state_outcome *o)
{
  enum maker m = which % N_MAKERS;
  enum variant v = which / N_MAKERS;
  int hold[2];
  if (pipe (hold) != 0)
    {
      TEST_STATE_FAIL (o, "pipe: %s", strerror (errno));
      return;
    }
  int e = test_state_become_user (unused_uid ());
  if (e != 0)
    {
      TEST_STATE_FAIL (o, "cannot become an unused user: %s", strerror (e));
      return;
    }
  /* Every thread counts.  */
  pthread_t idle = 0;
  rlim_t tasks = 1;
  if (v == THREADED)
    {
      idle = test_start_idle_thread ();
      ++tasks;
    }
  struct rlimit lim = { tasks + 1, tasks + 1 };
  if (setrlimit (RLIMIT_NPROC, &lim) != 0)
    {
      TEST_STATE_FAIL (o, "setrlimit: %s", strerror (errno));
      return;
    }

  pid_t kids[2] = { -1, -1 };
  int pidfds[2] = { -1, -1 };
  for (int i = 0; i < 2; ++i)
    {
      pid_t pid = make (m, &pidfds[i]);
      if (pid == 0)
	{
	  char c;
	  close (hold[1]);
	  _exit (read (hold[0], &c, 1) == 0 ? 0 : 3);
	}
      if (pid < 0)
	{
	  o->err[i] = errno;
	  continue;
	}
      kids[i] = pid;
      o->seen[i] = 1;
      if (m == BY_CLONE3_FORK_PIDFD && test_pidfd_pid (pidfds[i]) != pid)
	TEST_STATE_FAIL (o, "the pidfd of child %d does not name it", i);
    }
  close (hold[1]);
  for (int i = 0; i < 2; ++i)
    if (kids[i] > 0)
      {
	int st = test_wait (kids[i]);
	if (!WIFEXITED (st) || WEXITSTATUS (st) != 0)
	  TEST_STATE_FAIL (o, "child %d ended with status %#x", i, st);
	if (pidfds[i] >= 0)
	  close (pidfds[i]);
      }
  errno = 0;
  if (waitpid (-1, NULL, __WALL | WNOHANG) != -1 || errno != ECHILD)
    TEST_STATE_FAIL (o, "a process is left to reap");
  /* Once the child is gone, the slot is free again.  */
  int pidfd;
  pid_t again = make (m, &pidfd);
  if (again == 0)
    _exit (0);
  if (again < 0)
    o->err[2] = errno;
  else
    {
      o->seen[2] = 1;
      test_wait (again);
      if (pidfd >= 0)
	close (pidfd);
    }
  if (idle != 0)
    test_stop_idle_thread (idle);
}

static int
do_test (void)
{
  if (!test_privileged ())
    UNSUPPORTED ("becoming an unused user needs root");
  for (int v = 0; v < N_VARIANTS; ++v)
    {
      struct test_state_outcome ref
	= test_state_run (scenario, v * N_MAKERS + BY_FORK);
      if (ref.bad)
	FAIL_EXIT ("%s, fork (): %s", variant_names[v], ref.why);
      if (ref.err[0] != 0 || ref.err[1] != EAGAIN || ref.err[2] != 0)
	FAIL_EXIT ("%s: fork () under the limit: errno %d, %d, %d; "
		   "expected 0, EAGAIN, 0", variant_names[v], ref.err[0],
		   ref.err[1], ref.err[2]);
      for (int m = BY_CLONE3_FORK; m < N_MAKERS; ++m)
	{
	  struct test_state_outcome got
	    = test_state_run (scenario, v * N_MAKERS + m);
	  char what[160];
	  snprintf (what, sizeof what, "%s, %s", variant_names[v],
		    maker_names[m]);
	  test_state_expect_same (what, &got, &ref);
	  printf ("%s: one child, then EAGAIN, as with fork ()\n", what);
	}
    }
  return 0;
}
