/* At an RLIMIT_NPROC that allows exactly one more process, the first
   clone3_fork of the program makes that process, and a second one made
   while it lives fails with EAGAIN, as fork () does; at one that allows
   none, both fail with EAGAIN.  Whatever the strategy does to choose
   itself (the dispatch probe) needs no process slot.  The scenario runs as a user of its own (a UID no other process
   has, so that the count is the scenario's alone) in a fresh program
   image, so that the probe runs under the limit in every variant.
   Needs root, whose processes the limit does not bind.  */
/* { dg-do run } */

#include "clone3-test.h"
#include "test-child.h"
#include "strategy-util.h"
#include "dispatch-util.h"

#include <grp.h>
#include <sys/resource.h>

static int
prepare (int which, char *why, size_t len)
{
  /* This process becomes the UID's only one: with a limit of 2, one
     more may be made (pair 0), with 1 none (pair 1).  */
  uid_t uid = 0x40000000 + (getpid () % 0x10000000) * 4 + which;
  rlim_t limit = which / 2 == 0 ? 2 : 1;
  struct rlimit rl = { limit, limit };
  if (setrlimit (RLIMIT_NPROC, &rl) != 0 || setgroups (0, NULL) != 0
      || setresgid (uid, uid, uid) != 0 || setresuid (uid, uid, uid) != 0)
    {
      int e = errno;
      snprintf (why, len, "cannot become UID %u with RLIMIT_NPROC %d: %s",
		(unsigned int) uid, (int) limit, strerror (e));
      return e;
    }
  return 0;
}

static void
scenario (int which, struct test_dispatch_outcome *o)
{
  int hold[2];
  if (pipe (hold) != 0)
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
	  /* Lives until the second creation has been tried.  */
	  char c;
	  close (hold[1]);
	  if (read (hold[0], &c, 1) != 0)
	    _exit (3);
	  _exit (0);
	}
      if (pid < 0)
	test_dispatch_record_error (which, i, o);
      else
	kids[i] = pid;
    }
  close (hold[1]);
  for (int i = 0; i < 2; ++i)
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
  if (geteuid () != 0)
    UNSUPPORTED ("an exact RLIMIT_NPROC needs root (to become a UID with "
		 "no other process)");
  struct test_dispatch_outcome ref
    = test_dispatch_compare ("RLIMIT_NPROC for one more process", 0, prepare);
  if (ref.err[0] != 0 || ref.err[1] != EAGAIN)
    FAIL_EXIT ("fork () gave errno %d, %d, expected 0 and EAGAIN",
	       ref.err[0], ref.err[1]);
  ref = test_dispatch_compare ("RLIMIT_NPROC reached", 1, prepare);
  if (ref.err[0] != EAGAIN || ref.err[1] != EAGAIN)
    FAIL_EXIT ("fork () gave errno %d, %d, expected EAGAIN twice",
	       ref.err[0], ref.err[1]);
  return 0;
}
