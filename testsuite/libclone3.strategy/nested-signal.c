/* In a single-threaded process, clone3_fork called from a signal handler
   that interrupted clone3_fork works, and each call keeps its own
   arguments (clone3_fork(3), ATTRIBUTES: it is as async-signal-safe as
   fork).  The outer call asks for CLONE_PIDFD and exit_signal SIGUSR2,
   the inner one (in a SIGUSR1 handler) for CLONE_PARENT_SETTID and
   SIGCHLD.  First
   deterministically: the outer call's atfork prepare handler raises
   SIGUSR1, which is handled somewhere inside that clone3_fork (at once,
   or where the strategy lets signals through again).  Then with SIGUSR1
   sent at random moments by another process during 40 outer calls: one
   signal at a time, each after the previous one was handled and a
   random delay shorter than one outer call took (measured in the first
   part), so that the signals land all over the call on a fast machine
   and under emulation alike, and the handlers never starve the calls
   they interrupt.
   Checked: both calls return a child; the outer pidfd names the outer
   child and the inner call wrote no pidfd; the inner PARENT_SETTID word
   holds the inner child and the outer call wrote none; the outer child
   is a non-SIGCHLD child (waitpid without __WALL does not see it) whose
   exit sends SIGUSR2 with its PID; the inner child is a SIGCHLD child;
   exit statuses 11 (outer) and 22 (inner).  */
/* { dg-do run } */

/* It runs in well under a second; a hang ends it as a FAIL soon.  */
#define CLONE3_TEST_TIMEOUT 5
#include "clone3-test.h"
#include "test-child.h"
#include "strategy-util.h"

#include <pthread.h>
#include <stdint.h>
#include <sys/mman.h>
#include <time.h>

/* Shared with the process that sends SIGUSR1.  */
struct pacing
{
  volatile unsigned int handled;	/* SIGUSR1 handlers run so far.  */
  volatile long window_ns;		/* The longest delay to draw.  */
};
static struct pacing *pacing;

static volatile sig_atomic_t raise_in_prepare;
static volatile sig_atomic_t inner_calls, inner_bad;
static volatile pid_t inner_pid, inner_ptid, usr2_from;
static volatile int inner_pidfd_word;
static volatile sig_atomic_t reap_inner_in_handler;

static void
prepare (void)
{
  if (raise_in_prepare)
    {
      raise_in_prepare = 0;
      raise (SIGUSR1);
    }
}

static void
on_usr1 (int sig)
{
  (void) sig;
  int saved = errno;
  pid_t ptid = 0;
  int pidfd = -1;
  struct clone_args a = test_args (CLONE_PARENT_SETTID, SIGCHLD);
  a.parent_tid = (uintptr_t) &ptid;
  pid_t pid = clone3_fork (&a, sizeof a);
  if (pid == 0)
    _exit (22);
  ++inner_calls;
  if (pid < 0 || ptid != pid)
    ++inner_bad;
  inner_pid = pid;
  inner_ptid = ptid;
  inner_pidfd_word = pidfd;
  if (reap_inner_in_handler && pid > 0)
    {
      int status;
      pid_t r;
      do
	r = waitpid (pid, &status, 0);
      while (r < 0 && errno == EINTR);
      if (r != pid || !WIFEXITED (status) || WEXITSTATUS (status) != 22)
	++inner_bad;
    }
  __atomic_add_fetch (&pacing->handled, 1, __ATOMIC_RELEASE);
  errno = saved;
}

static void
on_usr2 (int sig, siginfo_t *info, void *ctx)
{
  (void) sig;
  (void) ctx;
  usr2_from = info->si_pid;
}

/* One outer call; returns its child, reaped and checked.  */
static void
outer (const char *what)
{
  int pidfd = -1;
  pid_t ptid = 0;
  struct clone_args a = test_args (CLONE_PIDFD, SIGUSR2);
  a.pidfd = (uintptr_t) &pidfd;
  usr2_from = 0;
  pid_t pid = clone3_fork (&a, sizeof a);
  if (pid == 0)
    _exit (11);
  if (pid < 0)
    FAIL_EXIT ("%s: the outer clone3_fork: %s", what, strerror (errno));
  if (test_pidfd_pid (pidfd) != pid)
    FAIL_EXIT ("%s: the outer pidfd %d does not name the outer child %d",
	       what, pidfd, (int) pid);
  if (ptid != 0)
    FAIL_EXIT ("%s: a PARENT_SETTID word the outer call did not ask for "
	       "was written", what);
  /* Not a SIGCHLD child: invisible to waitpid without __WALL.  */
  CHECK_ERRNO (waitpid (pid, NULL, WNOHANG), ECHILD);
  int status;
  if (!test_wait_bounded (pid, 5000, &status))
    FAIL_EXIT ("%s: the outer child hung", what);
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 11)
    FAIL_EXIT ("%s: outer child status %#x, expected exit 11", what,
	       status);
  /* Its exit signal is pending at the latest now.  */
  for (int i = 0; i < 1000 && usr2_from != pid; ++i)
    test_sleep_ms (1);
  if (usr2_from != pid)
    FAIL_EXIT ("%s: no SIGUSR2 from the outer child %d (last from %d)",
	       what, (int) pid, (int) usr2_from);
  close (pidfd);
}

static long long
now_ns (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int
do_test (void)
{
  pacing = mmap (NULL, sizeof *pacing, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  CHECK (pacing != MAP_FAILED);
  int fds_before = test_count_fds ();
  struct sigaction sa;
  memset (&sa, 0, sizeof sa);
  sa.sa_handler = on_usr1;
  sa.sa_flags = SA_RESTART;
  CHECK (sigaction (SIGUSR1, &sa, NULL) == 0);
  memset (&sa, 0, sizeof sa);
  sa.sa_sigaction = on_usr2;
  sa.sa_flags = SA_SIGINFO | SA_RESTART;
  CHECK (sigaction (SIGUSR2, &sa, NULL) == 0);
  CHECK_EQ (pthread_atfork (prepare, NULL, NULL), 0);

  /* Deterministic: the signal arrives inside the outer call.  */
  for (int round = 0; round < 3; ++round)
    {
      inner_calls = 0;
      inner_pid = 0;
      raise_in_prepare = 1;
      long long t0 = now_ns ();
      outer ("raised in prepare");
      long long took = now_ns () - t0;
      if (took > pacing->window_ns)
	/* Below 2^31 ns, the random numbers' range.  */
	pacing->window_ns = took < 2000000000 ? took : 2000000000;
      if (inner_calls != 1)
	FAIL_EXIT ("the handler's clone3_fork ran %d times, expected 1",
		   (int) inner_calls);
      if (inner_bad || inner_pid <= 0)
	FAIL_EXIT ("the inner clone3_fork failed or its PARENT_SETTID word "
		   "%d is not its child %d", (int) inner_ptid,
		   (int) inner_pid);
      if (inner_pidfd_word != -1)
	FAIL_EXIT ("the inner call got a pidfd it did not ask for");
      /* A SIGCHLD child: waitpid without __WALL sees it.  */
      int status;
      pid_t r;
      do
	r = waitpid (inner_pid, &status, 0);
      while (r < 0 && errno == EINTR);
      if (r != inner_pid || !WIFEXITED (status)
	  || WEXITSTATUS (status) != 22)
	FAIL_EXIT ("the inner child: waitpid %d, status %#x, expected exit "
		   "22", (int) r, status);
    }

  /* Random: another process sends SIGUSR1 while we fork.  */
  inner_calls = 0;
  reap_inner_in_handler = 1;
  pid_t sender = fork ();
  CHECK (sender >= 0);
  if (sender == 0)
    {
      pid_t parent = getppid ();
      uint64_t seed = getpid ();
      for (;;)
	{
	  unsigned int seen
	    = __atomic_load_n (&pacing->handled, __ATOMIC_ACQUIRE);
	  if (kill (parent, SIGUSR1) != 0)
	    _exit (0);
	  /* One at a time: wait for the handler.  */
	  while (__atomic_load_n (&pacing->handled, __ATOMIC_ACQUIRE) == seen)
	    {
	      if (kill (parent, 0) != 0)
		_exit (0);
	      struct timespec poll = { 0, 100 * 1000 };
	      nanosleep (&poll, NULL);
	    }
	  seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
	  long ns = (long) ((seed >> 33) % (uint64_t) pacing->window_ns);
	  struct timespec ts = { ns / 1000000000, ns % 1000000000 };
	  nanosleep (&ts, NULL);
	}
    }
  for (int i = 0; i < 40; ++i)
    outer ("under random SIGUSR1");
  CHECK (kill (sender, SIGKILL) == 0);
  int status;
  while (waitpid (sender, &status, 0) < 0 && errno == EINTR)
    ;
  signal (SIGUSR1, SIG_IGN);
  if (inner_bad)
    FAIL_EXIT ("under random SIGUSR1: %d inner clone3_fork calls failed, "
	       "wrote a wrong PARENT_SETTID word, or their child did not "
	       "exit 22", (int) inner_bad);
  printf ("%d nested calls under random SIGUSR1\n", (int) inner_calls);
  CHECK_ERRNO (waitpid (-1, NULL, __WALL | WNOHANG), ECHILD);
  CHECK_EQ (test_count_fds (), fds_before);
  CHECK (munmap (pacing, sizeof *pacing) == 0);
  return 0;
}
