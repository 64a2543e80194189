/* clone3_fork and clone3_fork_raw called from a thread other than the
   main one make a child whose only thread is a copy of the caller: it
   runs, exits with the status it chooses, and has its own TID in its
   thread descriptor (gettid () == getpid (), pthread_self's thread CPU
   clock names it, pthread_sigqueue to pthread_self kills it, and so does
   pthread_kill).  clone3_fork runs the atfork handlers in the calling
   thread.  The child keeps to async-signal-safe calls, as the emulate
   strategy requires of a multithreaded caller's child.  */
/* { dg-do run } */

#include "clone3-test.h"
#include "test-child.h"

#include <pthread.h>
#include <time.h>

enum which { CLONE3_FORK, CLONE3_FORK_RAW };
static const char *const names[] = { "clone3_fork", "clone3_fork_raw" };

enum probe { PROBE_EXIT, PROBE_KILL, PROBE_SIGQUEUE };
#ifdef __GLIBC__
# define PROBE_LAST PROBE_SIGQUEUE
#else
/* pthread_sigqueue is glibc's.  */
# define PROBE_LAST PROBE_KILL
#endif

struct job
{
  enum which w;
  enum probe p;
  pid_t pid;
  int err;
};

static pthread_t forker, forker_self;
static int prepare_calls, parent_calls, child_calls;
static int wrong_thread;

static void
check_thread (void)
{
  if (!pthread_equal (pthread_self (), forker_self))
    wrong_thread = 1;
}

static void prepare (void) { check_thread (); ++prepare_calls; }
static void parent (void) { check_thread (); ++parent_calls; }
static void child (void) { ++child_calls; }

static void __attribute__ ((noreturn))
child_fail (int code, const char *what)
{
  size_t n = strlen (what);
  if (write (STDERR_FILENO, what, n) < 0)
    _exit (code);
  _exit (code);
}

static void __attribute__ ((noreturn))
in_child (struct job *j)
{
  pid_t self = getpid ();
  if (syscall (SYS_gettid) != self)
    child_fail (10, "child: gettid () != getpid ()\n");
  clockid_t clk;
  if (pthread_getcpuclockid (pthread_self (), &clk) != 0)
    child_fail (11, "child: pthread_getcpuclockid failed\n");
  /* glibc: ((~tid) << 3) | CPUCLOCK_PERTHREAD_MASK | CPUCLOCK_SCHED.  */
  if ((clk & 7) != 6 || ~(long) (clk >> 3) != self)
    child_fail (12, "child: the descriptor's TID is not the child's\n");
  if (j->w == CLONE3_FORK && child_calls != 1)
    child_fail (13, "child: the child handler did not run once\n");
  if (j->w == CLONE3_FORK_RAW && child_calls != 0)
    child_fail (14, "child: clone3_fork_raw ran the child handler\n");

  signal (SIGTERM, SIG_DFL);
  sigset_t set;
  sigemptyset (&set);
  sigaddset (&set, SIGTERM);
  sigprocmask (SIG_UNBLOCK, &set, NULL);
  switch (j->p)
    {
    case PROBE_EXIT:
      _exit (42);
    case PROBE_KILL:
      pthread_kill (pthread_self (), SIGTERM);
      child_fail (15, "child: pthread_kill (pthread_self ()) returned\n");
    default:
#ifdef __GLIBC__
      pthread_sigqueue (pthread_self (), SIGTERM, (union sigval) { 0 });
#endif
      child_fail (16, "child: pthread_sigqueue (pthread_self ()) "
		  "returned\n");
    }
}

static void *
thread_main (void *p)
{
  struct job *j = p;
  forker_self = pthread_self ();
  struct clone_args a = test_args (0, SIGCHLD);
  pid_t pid = j->w == CLONE3_FORK ? clone3_fork (&a, sizeof a)
	      : clone3_fork_raw (&a, sizeof a);
  if (pid == 0)
    in_child (j);
  j->pid = pid;
  j->err = errno;
  return NULL;
}

static int
do_test (void)
{
  CHECK_EQ (pthread_atfork (prepare, parent, child), 0);
  for (int w = CLONE3_FORK; w <= CLONE3_FORK_RAW; ++w)
    for (int p = PROBE_EXIT; p <= PROBE_LAST; ++p)
      {
	struct job j = { w, p, -1, 0 };
	prepare_calls = parent_calls = child_calls = 0;
	CHECK_EQ (pthread_create (&forker, NULL, thread_main, &j), 0);
	CHECK_EQ (pthread_join (forker, NULL), 0);
	if (j.pid < 0)
	  FAIL_EXIT ("%s from a thread: %s", names[w], strerror (j.err));
	if (p == PROBE_EXIT)
	  {
	    int st = test_wait_exit (j.pid);
	    if (st != 42)
	      FAIL_EXIT ("%s from a thread: child exit status %d, "
			 "expected 42", names[w], st);
	  }
	else
	  {
	    int sig = test_wait_signal (j.pid);
	    if (sig != SIGTERM)
	      FAIL_EXIT ("%s from a thread: probe %d: child killed by "
			 "signal %d, expected SIGTERM", names[w], p, sig);
	  }
	int expected = w == CLONE3_FORK;
	if (prepare_calls != expected || parent_calls != expected)
	  FAIL_EXIT ("%s from a thread: prepare/parent handlers ran %d/%d "
		     "times, expected %d", names[w], prepare_calls,
		     parent_calls, expected);
	if (wrong_thread || !pthread_equal (forker, forker_self))
	  FAIL_EXIT ("%s: a handler ran in another thread", names[w]);
      }
  return 0;
}
