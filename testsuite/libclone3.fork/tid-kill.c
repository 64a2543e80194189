/* The child of clone3_fork and of clone3_fork_raw has its own TID in its
   thread descriptor:
   - pthread_kill (pthread_self (), SIGTERM) kills it (WTERMSIG SIGTERM);
   - pthread_sigqueue (pthread_self (), SIGTERM, ...) kills it too; glibc
     2.36 sends it to the TID stored in the descriptor, whereas its
     pthread_kill of the calling thread asks the kernel (gettid) and so
     cannot see a stale TID;
   - the thread CPU clock of pthread_self (pthread_getcpuclockid, made
     from the descriptor's TID) names the child, and an error-checking
     mutex the child locks records the child's TID as its owner.
   A control child made with the raw clone system call, whose descriptor
   keeps the parent's TID, shows the probes detect a stale TID.  */
/* { dg-do run } */

#include "clone3-test.h"
#include "test-child.h"

#include <pthread.h>
#include <time.h>

enum which { RAW_SYSCALL, CLONE3_FORK, CLONE3_FORK_RAW };
static const char *const names[] = { "raw clone syscall", "clone3_fork",
				     "clone3_fork_raw" };

static pid_t
make_child (enum which w)
{
  struct clone_args a = test_args (0, SIGCHLD);
  switch (w)
    {
    case RAW_SYSCALL:
      /* No CLONE_CHILD_SETTID: the descriptor keeps the parent's TID.  */
      if (clone3_test_enosys)
	return test_clone_syscall (SIGCHLD);
      return syscall (SYS_clone3, &a, sizeof a);
    case CLONE3_FORK:
      return clone3_fork (&a, sizeof a);
    default:
      return clone3_fork_raw (&a, sizeof a);
    }
}

/* Child side: report and exit with CODE.  */
static void __attribute__ ((noreturn))
child_fail (int code, const char *what, long value)
{
  char buf[200];
  int n = snprintf (buf, sizeof buf, "child %d: %s (%ld)\n",
		    (int) getpid (), what, value);
  if (write (STDERR_FILENO, buf, n) < 0)
    _exit (code);
  _exit (code);
}

/* The TID the descriptor of the calling thread holds, read back from its
   thread CPU clock: glibc makes it as MAKE_THREAD_CPUCLOCK (tid,
   CPUCLOCK_SCHED), that is ((~tid) << 3) | 4 | 2.  */
static long
descriptor_tid (void)
{
  clockid_t clk;
  int r = pthread_getcpuclockid (pthread_self (), &clk);
  if (r != 0)
    return -1000 - r;
  if ((clk & 7) != 6)
    return -1;
  return ~(long) (clk >> 3);
}

/* The TID an error-checking mutex records as its owner.  */
#ifdef __GLIBC__
# define MUTEX_OWNER(m) ((m).__data.__owner)
#else
/* musl's: the lock word, the second int, holds it below two flag bits.  */
# define MUTEX_OWNER(m) (((volatile int *) &(m))[1] & 0x3fffffff)
#endif

/* The probes that do not end the child: 0 when they see the right TID.  */
static int
child_probe_tid (int report)
{
  pid_t self = getpid ();
  if (syscall (SYS_gettid) != self)
    {
      if (report)
	child_fail (10, "gettid () != getpid ()", syscall (SYS_gettid));
      return 1;
    }
  long tid = descriptor_tid ();
  if (tid != self)
    {
      if (report)
	child_fail (11, "pthread_getcpuclockid (pthread_self ()) names "
		    "another thread", tid);
      return 1;
    }
  pthread_mutexattr_t ma;
  pthread_mutex_t m;
  pthread_mutexattr_init (&ma);
  pthread_mutexattr_settype (&ma, PTHREAD_MUTEX_ERRORCHECK);
  pthread_mutex_init (&m, &ma);
  pthread_mutexattr_destroy (&ma);
  int r = pthread_mutex_lock (&m);
  if (r != 0)
    {
      if (report)
	child_fail (12, "pthread_mutex_lock (errorcheck) failed", r);
      return 1;
    }
  if (MUTEX_OWNER (m) != self)
    {
      if (report)
	child_fail (13, "an error-checking mutex records another owner",
		    MUTEX_OWNER (m));
      return 1;
    }
  pthread_mutex_unlock (&m);
  return 0;
}

enum probe { PROBE_TID, PROBE_KILL, PROBE_SIGQUEUE };
#ifdef __GLIBC__
# define PROBE_LAST PROBE_SIGQUEUE
#else
/* pthread_sigqueue is glibc's.  */
# define PROBE_LAST PROBE_KILL
#endif

static void __attribute__ ((noreturn))
child (enum which w, enum probe p)
{
  /* Make sure SIGTERM is deliverable and fatal.  */
  signal (SIGTERM, SIG_DFL);
  sigset_t set;
  sigemptyset (&set);
  sigaddset (&set, SIGTERM);
  sigprocmask (SIG_UNBLOCK, &set, NULL);

  int r;
  switch (p)
    {
    case PROBE_TID:
      if (w == RAW_SYSCALL)
	/* The control: a stale TID must be noticed.  */
	_exit (child_probe_tid (0) ? 0 : 20);
      child_probe_tid (1);
      _exit (0);
    case PROBE_KILL:
      r = pthread_kill (pthread_self (), SIGTERM);
      child_fail (30, "pthread_kill (pthread_self (), SIGTERM) returned", r);
    default:
#ifdef __GLIBC__
      r = pthread_sigqueue (pthread_self (), SIGTERM, (union sigval) { 0 });
#else
      r = ENOSYS;
#endif
      if (w == RAW_SYSCALL)
	/* The control: with the parent's TID the signal cannot be sent
	   (ESRCH); if it was, this probe cannot tell.  */
	_exit (r == ESRCH ? 0 : 21);
      child_fail (31, "pthread_sigqueue (pthread_self (), SIGTERM) "
		  "returned", r);
    }
}

static int
do_test (void)
{
  for (int w = RAW_SYSCALL; w <= CLONE3_FORK_RAW; ++w)
    for (int p = PROBE_TID; p <= PROBE_LAST; ++p)
      {
	if (w == RAW_SYSCALL && p == PROBE_KILL)
	  /* pthread_kill of oneself asks the kernel for the TID.  */
	  continue;
	pid_t pid = make_child (w);
	if (pid == 0)
	  child (w, p);
	if (pid < 0)
	  FAIL_EXIT ("%s: %s", names[w], strerror (errno));
	if (w == RAW_SYSCALL)
	  {
	    int st = test_wait_exit (pid);
	    if (st != 0)
	      FAIL_EXIT ("control: probe %d does not detect a stale TID "
			 "(status %d)", p, st);
	  }
	else if (p == PROBE_TID)
	  {
	    int st = test_wait_exit (pid);
	    if (st != 0)
	      FAIL_EXIT ("%s: the child's TID probes failed (status %d)",
			 names[w], st);
	  }
	else
	  {
	    int sig = test_wait_signal (pid);
	    if (sig != SIGTERM)
	      FAIL_EXIT ("%s: probe %d: child killed by signal %d, expected "
			 "SIGTERM", names[w], p, sig);
	  }
      }
  return 0;
}
