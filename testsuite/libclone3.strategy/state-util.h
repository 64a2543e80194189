/* Helpers of the libclone3.strategy tests of process states (state-*.c):
   a scenario runs in a fresh process, with fork () or clone3_fork, and
   reports what it saw, so that the test can compare clone3_fork with
   fork () in the same state.  */

#ifndef STATE_UTIL_H
#define STATE_UTIL_H 1

#include "clone3-test.h"
#include "test-child.h"

#include <grp.h>
#include <sys/mman.h>

/* What a scenario saw.  */
struct test_state_outcome
{
  int unsupported;		/* The state could not be made.  */
  int err[4];			/* errno of each creation, 0 on success.  */
  long seen[4];			/* What each child reported, or -1.  */
  int bad;			/* Nonzero: a check in the scenario failed.  */
  char why[160];
};

#define TEST_STATE_FAIL(o, ...)					\
  do									\
    {									\
      (o)->bad = 1;							\
      snprintf ((o)->why, sizeof (o)->why, __VA_ARGS__);		\
    }									\
  while (0)

/* Run SCENARIO (WHICH, &OUTCOME) in a process of its own, made by fork
   (the test's own doing, not under test), and return its outcome.  */
static __attribute__ ((unused)) struct test_state_outcome
test_state_run (void (*scenario) (int which, struct test_state_outcome *o),
		int which)
{
  struct test_state_outcome *o
    = mmap (NULL, sizeof *o, PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (o == MAP_FAILED)
    FAIL_EXIT ("mmap: %s", strerror (errno));
  memset (o, 0, sizeof *o);
  for (int i = 0; i < 4; ++i)
    o->seen[i] = -1;
  pid_t pid = fork ();
  if (pid < 0)
    FAIL_EXIT ("fork: %s", strerror (errno));
  if (pid == 0)
    {
      scenario (which, o);
      _exit (0);
    }
  int status = test_wait (pid);
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    {
      o->bad = 1;
      snprintf (o->why, sizeof o->why, "the scenario process ended with "
		"status %#x", status);
    }
  struct test_state_outcome r = *o;
  munmap (o, sizeof *o);
  return r;
}

/* Become the unprivileged user UID (and group), if root.  Returns 0 or
   an errno value.  */
static __attribute__ ((unused)) int
test_state_become_user (uid_t uid)
{
  if (geteuid () != 0)
    return 0;
  if (setgroups (0, NULL) != 0 || setresgid (uid, uid, uid) != 0
      || setresuid (uid, uid, uid) != 0)
    return errno;
  return 0;
}

/* Compare the outcome GOT of WHAT with REF, fork's: every creation must
   fail or succeed alike, with the same errno, and every child report
   the same.  */
static __attribute__ ((unused)) void
test_state_expect_same (const char *what,
			const struct test_state_outcome *got,
			const struct test_state_outcome *ref)
{
  if (got->bad)
    FAIL_EXIT ("%s: %s", what, got->why);
  for (int i = 0; i < 4; ++i)
    {
      if (got->err[i] != ref->err[i])
	FAIL_EXIT ("%s: creation %d: errno %d (%s), fork () gives %d (%s)",
		   what, i, got->err[i], strerror (got->err[i]), ref->err[i],
		   strerror (ref->err[i]));
      if (got->seen[i] != ref->seen[i])
	FAIL_EXIT ("%s: child %d reported %ld, fork ()'s %ld", what, i,
		   got->seen[i], ref->seen[i]);
    }
}

#endif /* state-util.h */
