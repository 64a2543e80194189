/* fork () after unshare (CLONE_NEWPID) makes the new namespace's init,
   PID 1, and a second child made while it lives is PID 2; so must
   clone3_fork, as the first call of the library in the process, and
   whatever the strategy needs for itself (relay's intermediate, the
   dispatch probe) must not take PID 1.  Each scenario runs in a fresh
   process, with fork () as the reference: plain requests and requests
   with CLONE_PIDFD (the pidfd must name the child), in a
   single-threaded and a multithreaded caller (the idle thread is
   started before the unshare: no thread can be made after it), and
   (state-newpid-userns.c, which includes this file) as an unprivileged
   user in a new user namespace where the machine allows one.  Needs
   root.  */
/* { dg-do run } */

#include "clone3-test.h"
#include "test-child.h"
#include "test-system.h"
#include "strategy-util.h"
#include "state-util.h"

#include <stdint.h>

enum maker { BY_FORK, BY_CLONE3_FORK, BY_CLONE3_FORK_PIDFD, N_MAKERS };
static const char *const maker_names[]
  = { "fork ()", "clone3_fork", "clone3_fork with CLONE_PIDFD" };

enum variant { SINGLE, THREADED, USERNS, N_VARIANTS };
static const char *const variant_names[]
  = { "single-threaded", "multithreaded", "unprivileged, user namespace" };

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

static void
scenario (int which, struct test_state_outcome *o)
{
  enum maker m = which % N_MAKERS;
  enum variant v = which / N_MAKERS;
  pthread_t idle = 0;
  if (v == USERNS)
    {
      int e = test_state_become_user (65534);
      if (e != 0)
	{
	  o->unsupported = 1;
	  snprintf (o->why, sizeof o->why, "cannot become user 65534: %s",
		    strerror (e));
	  return;
	}
      if (unshare (CLONE_NEWUSER | CLONE_NEWPID) != 0)
	{
	  o->unsupported = 1;
	  snprintf (o->why, sizeof o->why, "no user namespace for an "
		    "unprivileged user here: %s", strerror (errno));
	  return;
	}
    }
  else
    {
      if (v == THREADED)
	idle = test_start_idle_thread ();
      if (unshare (CLONE_NEWPID) != 0)
	{
	  TEST_STATE_FAIL (o, "unshare (CLONE_NEWPID): %s", strerror (errno));
	  return;
	}
    }

  int report[2], hold[2];
  if (pipe (report) != 0 || pipe (hold) != 0)
    {
      TEST_STATE_FAIL (o, "pipe: %s", strerror (errno));
      return;
    }
  pid_t kids[2] = { -1, -1 };
  int pidfds[2] = { -1, -1 };
  for (int i = 0; i < 2; ++i)
    {
      pid_t pid = make (m, &pidfds[i]);
      if (pid == 0)
	{
	  /* The first child, the init, stays until the second has been
	     made.  */
	  long me = getpid ();
	  char c;
	  close (hold[1]);
	  if (write (report[1], &me, sizeof me) != sizeof me)
	    _exit (2);
	  if (i == 0 && read (hold[0], &c, 1) != 0)
	    _exit (3);
	  _exit (0);
	}
      if (pid < 0)
	{
	  o->err[i] = errno;
	  continue;
	}
      kids[i] = pid;
      if (read (report[0], &o->seen[i], sizeof o->seen[i])
	  != sizeof o->seen[i])
	TEST_STATE_FAIL (o, "no report from child %d", i);
      if (m == BY_CLONE3_FORK_PIDFD && test_pidfd_pid (pidfds[i]) != pid)
	TEST_STATE_FAIL (o, "the pidfd of child %d does not name it", i);
    }
  /* The second first: the init's exit would kill it, and then waits
     until every process of its namespace has been reaped.  */
  for (int i = 1; i >= 0; --i)
    if (kids[i] > 0)
      {
	if (i == 0)
	  close (hold[1]);
	int st = test_wait (kids[i]);
	if (!WIFEXITED (st) || WEXITSTATUS (st) != 0)
	  TEST_STATE_FAIL (o, "child %d ended with status %#x", i, st);
	if (pidfds[i] >= 0)
	  close (pidfds[i]);
      }
  /* Nothing else was made in the namespace's name (or left over).  */
  errno = 0;
  if (waitpid (-1, NULL, __WALL | WNOHANG) != -1 || errno != ECHILD)
    TEST_STATE_FAIL (o, "a process is left to reap");
  if (idle != 0)
    test_stop_idle_thread (idle);
}

static int
do_test (void)
{
  if (!test_privileged ())
    UNSUPPORTED ("unshare (CLONE_NEWPID) needs CAP_SYS_ADMIN (run as root)");
#ifdef STATE_NEWPID_USERNS
  int first = USERNS, end = USERNS + 1;
#else
  int first = SINGLE, end = USERNS;
#endif
  for (int v = first; v < end; ++v)
    {
      struct test_state_outcome ref
	= test_state_run (scenario, v * N_MAKERS + BY_FORK);
      if (ref.unsupported)
	UNSUPPORTED ("%s", ref.why);
      if (ref.bad)
	FAIL_EXIT ("%s, fork (): %s", variant_names[v], ref.why);
      /* The reference itself, so that a broken setup shows.  */
      if (ref.err[0] != 0 || ref.seen[0] != 1 || ref.err[1] != 0
	  || ref.seen[1] != 2)
	FAIL_EXIT ("%s: fork () made PIDs %ld and %ld (errno %d, %d), "
		   "expected 1 and 2", variant_names[v], ref.seen[0],
		   ref.seen[1], ref.err[0], ref.err[1]);
      for (int m = BY_CLONE3_FORK; m < N_MAKERS; ++m)
	{
	  struct test_state_outcome got
	    = test_state_run (scenario, v * N_MAKERS + m);
	  char what[160];
	  snprintf (what, sizeof what, "%s, %s", variant_names[v],
		    maker_names[m]);
	  test_state_expect_same (what, &got, &ref);
	  printf ("%s: PIDs %ld and %ld, as with fork ()\n", what,
		  got.seen[0], got.seen[1]);
	}
    }
  return 0;
}
