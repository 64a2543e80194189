/* clone3_fork runs two registered sets of pthread_atfork handlers as
   fork does: the prepare handlers in reverse registration order, then
   the parent handlers (in the parent) or the child handlers (in the
   child) in registration order; each exactly once per call, and again
   on the next call.  glibc's own fork, run in the same process, must
   give the same sequences, which shows the expectation is fork's.
   Run with a strategy forced (see clone3-test.h), the strategy used
   must be that one.  */
/* { dg-do run } */

#include "clone3-test.h"
#include "test-child.h"

#include <pthread.h>

/* One letter per handler call: P/p prepare of set 1/2, A/a parent,
   C/c child.  */
static char trace[64];
static size_t trace_len;

static void
note (char c)
{
  if (trace_len < sizeof trace - 1)
    trace[trace_len++] = c;
  trace[trace_len] = '\0';
}

static void prepare1 (void) { note ('P'); }
static void parent1 (void) { note ('A'); }
static void child1 (void) { note ('C'); }
static void prepare2 (void) { note ('p'); }
static void parent2 (void) { note ('a'); }
static void child2 (void) { note ('c'); }

enum which { FORK, CLONE3_FORK };
static const char *const names[] = { "fork", "clone3_fork" };

static void
one (enum which w)
{
  struct clone_args a = test_args (0, SIGCHLD);
  trace_len = 0;
  trace[0] = '\0';
  pid_t pid = w == FORK ? fork () : clone3_fork (&a, sizeof a);
  if (pid == 0)
    {
      /* The child inherits the prepare calls and adds its own.  */
      if (strcmp (trace, "pPCc") != 0)
	{
	  fprintf (stderr, "%s child: handler calls \"%s\", expected "
		   "\"pPCc\"\n", names[w], trace);
	  _exit (1);
	}
      _exit (0);
    }
  CHECK (pid > 0);
  if (strcmp (trace, "pPAa") != 0)
    FAIL_EXIT ("%s parent: handler calls \"%s\", expected \"pPAa\"",
	       names[w], trace);
  if (test_wait_exit (pid) != 0)
    FAIL_EXIT ("%s: the child's handler calls were wrong", names[w]);
}

static int
do_test (void)
{
  CHECK_EQ (pthread_atfork (prepare1, parent1, child1), 0);
  CHECK_EQ (pthread_atfork (prepare2, parent2, child2), 0);

  /* glibc's fork first, as the reference, then clone3_fork, then both
     again: nothing is used up by a call.  */
  for (int round = 0; round < 2; ++round)
    {
      one (FORK);
      one (CLONE3_FORK);
    }

  /* The strategy that ran (a driver may force one through the
     environment; the harness says which).  */
  printf ("clone3_fork strategy: %s\n", clone3_fork_strategy ());
  const char *forced = test_forced_strategy ();
  if (forced != NULL && strcmp (clone3_fork_strategy (), forced) != 0)
    FAIL_EXIT ("clone3_fork used the %s strategy, not the forced %s",
	       clone3_fork_strategy (), forced);
  return 0;
}
