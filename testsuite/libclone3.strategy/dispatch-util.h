/* Helpers of the libclone3.strategy tests of the dispatch strategy's
   probe (dispatch-probe-*.c): a scenario runs in a fresh program image,
   so that the library's first clone3_fork, and with it the strategy's
   probe, happens in the state the scenario makes, whatever the variant
   (the harness's main asks for the strategy, and so probes, before
   do_test when a strategy is forced).  The test is executed again with
   LIBCLONE3_DISPATCH_SCENARIO in its environment; a constructor of the
   test's, which runs after the library's and before main, runs the
   scenario and writes what it saw to a pipe.  Each scenario runs with
   fork () and with clone3_fork, and the two must agree.  A test that
   includes this defines
     static void scenario (int which, struct test_dispatch_outcome *o);
   and a do_test that calls test_dispatch_compare.  */

#ifndef DISPATCH_UTIL_H
#define DISPATCH_UTIL_H 1

#include "clone3-test.h"
#include "test-child.h"

/* What a scenario saw.  */
struct test_dispatch_outcome
{
  int unsupported;		/* The state could not be made.  */
  int none;			/* clone3_fork said ENOSYS with no strategy.  */
  int err[2];			/* errno of each creation, 0 on success.  */
  long seen[2];			/* What each child reported, or -1.  */
  int bad;			/* Nonzero: a check in the scenario failed.  */
  char why[160];
};

#define TEST_DISPATCH_FAIL(o, ...)					\
  do									\
    {									\
      (o)->bad = 1;							\
      snprintf ((o)->why, sizeof (o)->why, __VA_ARGS__);		\
    }									\
  while (0)

/* What makes the children: even WHICH fork (), odd clone3_fork.  */
static __attribute__ ((unused)) pid_t
test_dispatch_make (int which)
{
  if (which % 2 == 0)
    return fork ();
  struct clone_args a = test_args (0, SIGCHLD);
  return clone3_fork (&a, sizeof a);
}

/* Record a failed creation I in O (with clone3_fork, whether it failed
   because no strategy could run).  */
static __attribute__ ((unused)) void
test_dispatch_record_error (int which, int i, struct test_dispatch_outcome *o)
{
  o->err[i] = errno;
  if (which % 2 == 1 && errno == ENOSYS
      && strcmp (clone3_fork_strategy (), "none") == 0)
    o->none = 1;
}

static void scenario (int which, struct test_dispatch_outcome *o);

__attribute__ ((constructor)) static void
test_dispatch_scenario_entry (void)
{
  const char *which = getenv ("LIBCLONE3_DISPATCH_SCENARIO");
  const char *fd = getenv ("LIBCLONE3_DISPATCH_FD");
  if (which == NULL || fd == NULL)
    return;
  struct test_dispatch_outcome o;
  memset (&o, 0, sizeof o);
  o.seen[0] = o.seen[1] = -1;
  alarm (CLONE3_TEST_TIMEOUT);
  scenario (atoi (which), &o);
  if (write (atoi (fd), &o, sizeof o) != sizeof o)
    _exit (2);
  _exit (0);
}

/* Run scenario WHICH in a fresh image: PREPARE (may be NULL) runs in the
   new process before it executes the test again, and returns 0 or an
   errno value that makes the outcome UNSUPPORTED.  */
static __attribute__ ((unused)) struct test_dispatch_outcome
test_dispatch_run_one (int which,
		       int (*prepare) (int which, char *why, size_t len))
{
  struct test_dispatch_outcome o;
  memset (&o, 0, sizeof o);
  int p[2];
  if (pipe (p) != 0)
    FAIL_EXIT ("pipe: %s", strerror (errno));
  pid_t pid = fork ();
  if (pid < 0)
    FAIL_EXIT ("fork: %s", strerror (errno));
  if (pid == 0)
    {
      close (p[0]);
      char num[16], fdnum[16];
      snprintf (num, sizeof num, "%d", which);
      snprintf (fdnum, sizeof fdnum, "%d", p[1]);
      if (prepare != NULL && prepare (which, o.why, sizeof o.why) != 0)
	{
	  o.unsupported = 1;
	  if (write (p[1], &o, sizeof o) != sizeof o)
	    _exit (2);
	  _exit (0);
	}
      setenv ("LIBCLONE3_DISPATCH_SCENARIO", num, 1);
      setenv ("LIBCLONE3_DISPATCH_FD", fdnum, 1);
      execl ("/proc/self/exe", "scenario", (char *) NULL);
      /* qemu-user cannot execute a foreign program without
	 binfmt_misc.  */
      o.unsupported = 1;
      snprintf (o.why, sizeof o.why, "cannot execute the test again: %s",
		strerror (errno));
      if (write (p[1], &o, sizeof o) != sizeof o)
	_exit (2);
      _exit (0);
    }
  close (p[1]);
  ssize_t n;
  do
    n = read (p[0], &o, sizeof o);
  while (n < 0 && errno == EINTR);
  close (p[0]);
  int status = test_wait (pid);
  if (n != sizeof o || !WIFEXITED (status) || WEXITSTATUS (status) != 0)
    {
      memset (&o, 0, sizeof o);
      o.bad = 1;
      snprintf (o.why, sizeof o.why, "the scenario process ended with "
		"status %#x without a report", status);
    }
  return o;
}

/* Whether clone3_fork may rightly find no strategy here: dispatch is
   forced, and clone3 says ENOSYS (the probe does not use dispatch
   then).  */
static __attribute__ ((unused)) int
test_dispatch_none_expected (void)
{
  const char *s = test_forced_strategy ();
  return (s != NULL && strcmp (s, "dispatch") == 0
	  && syscall (SYS_clone3, NULL, 0) == -1 && errno == ENOSYS);
}

/* Run scenario pair WHICH (fork () as 2 * PAIR, clone3_fork as
   2 * PAIR + 1) and compare; WHAT names it.  Returns fork ()'s outcome
   for the test's own checks of its premise.  */
static __attribute__ ((unused)) struct test_dispatch_outcome
test_dispatch_compare (const char *what, int pair,
		       int (*prepare) (int which, char *why, size_t len))
{
  struct test_dispatch_outcome ref
    = test_dispatch_run_one (2 * pair, prepare);
  if (ref.unsupported)
    UNSUPPORTED ("%s: %s", what, ref.why);
  if (ref.bad)
    FAIL_EXIT ("%s, fork (): %s", what, ref.why);
  struct test_dispatch_outcome got
    = test_dispatch_run_one (2 * pair + 1, prepare);
  if (got.unsupported)
    UNSUPPORTED ("%s: %s", what, got.why);
  if (got.none)
    {
      if (test_dispatch_none_expected ())
	UNSUPPORTED ("%s: dispatch is not used where clone3 says ENOSYS",
		     what);
      FAIL_EXIT ("%s: clone3_fork found no strategy (ENOSYS): the "
		 "strategy's probe failed in this state", what);
    }
  if (got.bad)
    FAIL_EXIT ("%s, clone3_fork: %s", what, got.why);
  for (int i = 0; i < 2; ++i)
    {
      if (got.err[i] != ref.err[i])
	FAIL_EXIT ("%s: creation %d: errno %d (%s), fork () gives %d (%s)",
		   what, i, got.err[i], strerror (got.err[i]), ref.err[i],
		   strerror (ref.err[i]));
      if (got.seen[i] != ref.seen[i])
	FAIL_EXIT ("%s: child %d reported %ld, fork ()'s %ld", what, i,
		   got.seen[i], ref.seen[i]);
    }
  printf ("%s: as with fork (): errno %d, %d; children reported %ld, %ld\n",
	  what, got.err[0], got.err[1], got.seen[0], got.seen[1]);
  return ref;
}

#endif /* dispatch-util.h */
