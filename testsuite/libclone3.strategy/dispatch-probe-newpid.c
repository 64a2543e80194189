/* After unshare (CLONE_NEWPID), the first clone3_fork of the program
   makes the new namespace's init, PID 1, and a second one made while it
   lives makes PID 2, as fork () does: whatever the strategy does to
   choose itself (the dispatch probe) takes no PID there.  In a fresh
   program image, so that the probe runs after the unshare in every
   variant.  Needs root.  */
/* { dg-do run } */

#include "clone3-test.h"
#include "test-child.h"
#include "test-system.h"
#include "strategy-util.h"
#include "dispatch-util.h"

#include <sched.h>

static int
prepare (int which, char *why, size_t len)
{
  (void) which;
  if (unshare (CLONE_NEWPID) != 0)
    {
      int e = errno;
      snprintf (why, len, "unshare (CLONE_NEWPID): %s", strerror (e));
      return e;
    }
  return 0;
}

static void
scenario (int which, struct test_dispatch_outcome *o)
{
  int report[2], hold[2];
  if (pipe (report) != 0 || pipe (hold) != 0)
    {
      TEST_DISPATCH_FAIL (o, "pipe: %s", strerror (errno));
      return;
    }
  pid_t kids[2] = { -1, -1 };
  for (int i = 0; i < 2; ++i)
    {
      pid_t pid = test_dispatch_make (which);
      if (pid == 0)
	{
	  /* The init stays until the second child has been made and has
	     ended (it keeps the pipe open until its exit): the init's
	     exit would kill it.  */
	  long me = getpid ();
	  char c;
	  if (write (report[1], &me, sizeof me) != sizeof me)
	    _exit (2);
	  if (i == 0)
	    {
	      close (hold[1]);
	      if (read (hold[0], &c, 1) != 0)
		_exit (3);
	    }
	  _exit (0);
	}
      if (pid < 0)
	{
	  test_dispatch_record_error (which, i, o);
	  continue;
	}
      kids[i] = pid;
      if (read (report[0], &o->seen[i], sizeof o->seen[i])
	  != sizeof o->seen[i])
	TEST_DISPATCH_FAIL (o, "no report from child %d", i);
    }
  close (hold[1]);
  /* The init's exit waits until the namespace's other processes are
     reaped: the second child first.  */
  for (int i = 1; i >= 0; --i)
    if (kids[i] > 0)
      {
	int st = test_wait (kids[i]);
	if (!WIFEXITED (st) || WEXITSTATUS (st) != 0)
	  TEST_DISPATCH_FAIL (o, "child %d ended with status %#x", i, st);
      }
  errno = 0;
  if (waitpid (-1, NULL, __WALL | WNOHANG) != -1 || errno != ECHILD)
    TEST_DISPATCH_FAIL (o, "a process is left to reap");
}

static int
do_test (void)
{
  if (!test_privileged ())
    UNSUPPORTED ("unshare (CLONE_NEWPID) needs CAP_SYS_ADMIN (run as root)");
  struct test_dispatch_outcome ref
    = test_dispatch_compare ("after unshare (CLONE_NEWPID)", 0, prepare);
  if (ref.err[0] != 0 || ref.seen[0] != 1 || ref.err[1] != 0
      || ref.seen[1] != 2)
    FAIL_EXIT ("fork () made PIDs %ld and %ld (errno %d, %d), expected 1 "
	       "and 2", ref.seen[0], ref.seen[1], ref.err[0], ref.err[1]);
  return 0;
}
