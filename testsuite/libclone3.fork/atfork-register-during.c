/* A pthread_atfork handler registered while clone3_fork runs the
   handlers is treated exactly as glibc's fork treats it.  Registered by
   a prepare handler, its prepare handler is not run in that fork (glibc
   2.36 runs none of its handlers in that fork); registered by a parent
   or child handler, glibc 2.36 does not run it in that fork either.
   Either way it runs in full in the next fork.  Each scenario runs in a
   fresh helper process once with glibc's fork and once with clone3_fork,
   and the handler calls seen in parent and child of two consecutive
   forks must be the same.  */
/* { dg-do run } */

#include "clone3-test.h"
#include "test-child.h"

#include <pthread.h>

#include <sys/mman.h>

enum which { FORK, CLONE3_FORK };
static const char *const names[] = { "fork", "clone3_fork" };

/* Where the first set's handlers register the second: in prepare, or in
   parent and child.  */
enum when { IN_PREPARE, IN_PARENT_CHILD };
static const char *const whens[] = { "a prepare handler",
				     "a parent or child handler" };

/* The handler calls seen, [round][0 parent, 1 child], one letter per
   call: P/A/C prepare/parent/child of the first set, p/a/c of the set
   it registers.  In shared memory, so the helpers can report.  */
struct traces
{
  char text[2][2][32];
};

static char trace[32];
static size_t trace_len;
static enum when when;
static int armed;

static void
note (char c)
{
  if (trace_len < sizeof trace - 1)
    trace[trace_len++] = c;
  trace[trace_len] = '\0';
}

static void new_prepare (void) { note ('p'); }
static void new_parent (void) { note ('a'); }
static void new_child (void) { note ('c'); }

static void
register_new (void)
{
  if (armed)
    {
      armed = 0;
      if (pthread_atfork (new_prepare, new_parent, new_child) != 0)
	{
	  fputs ("pthread_atfork in a handler failed\n", stderr);
	  _exit (2);
	}
    }
}

static void
first_prepare (void)
{
  note ('P');
  if (when == IN_PREPARE)
    register_new ();
}

static void
first_parent (void)
{
  note ('A');
  if (when == IN_PARENT_CHILD)
    register_new ();
}

static void
first_child (void)
{
  note ('C');
  if (when == IN_PARENT_CHILD)
    register_new ();
}

/* The helper: register, then fork twice with W, recording the calls.  */
static void __attribute__ ((noreturn))
helper (enum which w, struct traces *out)
{
  if (pthread_atfork (first_prepare, first_parent, first_child) != 0)
    {
      fputs ("pthread_atfork failed\n", stderr);
      _exit (2);
    }
  armed = 1;
  for (int round = 0; round < 2; ++round)
    {
      struct clone_args a = test_args (0, SIGCHLD);
      trace_len = 0;
      trace[0] = '\0';
      pid_t pid = w == FORK ? fork () : clone3_fork (&a, sizeof a);
      if (pid == 0)
	{
	  memcpy (out->text[round][1], trace, sizeof trace);
	  _exit (0);
	}
      memcpy (out->text[round][0], trace, sizeof trace);
      if (pid < 0)
	{
	  fprintf (stderr, "%s: %s\n", names[w], strerror (errno));
	  _exit (2);
	}
      int status;
      if (waitpid (pid, &status, 0) != pid || status != 0)
	{
	  fprintf (stderr, "%s: child status %#x\n", names[w], status);
	  _exit (2);
	}
    }
  _exit (0);
}

static int
do_test (void)
{
  struct traces *t = mmap (NULL, 2 * sizeof *t, PROT_READ | PROT_WRITE,
			   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  CHECK (t != MAP_FAILED);
  int failed = 0;

  for (when = IN_PREPARE; when <= IN_PARENT_CHILD; ++when)
    {
      memset (t, 0, 2 * sizeof *t);
      /* Fresh processes made before any handler is registered here.  */
      for (int w = FORK; w <= CLONE3_FORK; ++w)
	{
	  pid_t pid = fork ();
	  CHECK (pid >= 0);
	  if (pid == 0)
	    helper (w, &t[w]);
	  if (test_wait_exit (pid) != 0)
	    FAIL_EXIT ("the %s helper failed", names[w]);
	}

      for (int round = 0; round < 2; ++round)
	for (int side = 0; side < 2; ++side)
	  {
	    const char *ref = t[FORK].text[round][side];
	    const char *got = t[CLONE3_FORK].text[round][side];
	    printf ("registered in %s, fork %d, %s: fork \"%s\", "
		    "clone3_fork \"%s\"\n", whens[when], round + 1,
		    side ? "child" : "parent", ref, got);
	    /* What the contract says whatever the glibc: the prepare
	       handler of a set registered during the fork does not run,
	       and in the next fork the first set's handlers do.  */
	    if (round == 0 && strchr (got, 'p') != NULL)
	      {
		printf ("FAIL: clone3_fork ran the prepare handler of a set "
			"registered in %s\n", whens[when]);
		failed = 1;
	      }
	    if (round == 1 && strchr (got, 'P') == NULL)
	      {
		printf ("FAIL: clone3_fork did not run the first prepare "
			"handler in the next fork\n");
		failed = 1;
	      }
	    if (strcmp (ref, got) != 0)
	      {
		printf ("FAIL: clone3_fork does not match glibc's fork\n");
		failed = 1;
	      }
	  }
    }

  CHECK (munmap (t, 2 * sizeof *t) == 0);
  return failed;
}
