/* clone3_fork leaves the child a usable stderr while another thread of
   the caller holds stderr's lock (flockfile) from before the call until
   after the child is done, as fork does: glibc's fork resets every
   stream lock in the child.  The child writes to stderr and exits 0;
   the parent waits at most 3 seconds for it, then kills it and fails.
   The emulate strategy cannot repair locks that other threads held (its
   child of a multithreaded caller must keep to async-signal-safe
   functions), so its child blocks on the copied lock: that variant is
   an expected failure.  */
/* { dg-do run } */
/* { dg-xfail-run-if "emulate's child cannot take locks other threads held" { *-*-* } { "-DCLONE3_TEST_FORK_STRATEGY=emulate" } } */

#define CLONE3_TEST_TIMEOUT 30
#include "clone3-test.h"
#include "test-child.h"
#include "strategy-util.h"

#include <pthread.h>
#include <semaphore.h>

/* How long the child may take, in milliseconds.  */
#define BOUND_MS 3000

static sem_t locked, release;

static void *
holder (void *arg)
{
  (void) arg;
  flockfile (stderr);
  sem_post (&locked);
  while (sem_wait (&release) != 0)
    ;
  funlockfile (stderr);
  return NULL;
}

static int
do_test (void)
{
  CHECK (sem_init (&locked, 0, 0) == 0);
  CHECK (sem_init (&release, 0, 0) == 0);
  pthread_t t;
  CHECK_EQ (pthread_create (&t, NULL, holder, NULL), 0);
  while (sem_wait (&locked) != 0)
    ;
  /* The lock is really another thread's now.  */
  int busy = ftrylockfile (stderr);
  if (busy == 0)
    funlockfile (stderr);

  int fds_before = test_count_fds ();
  struct clone_args a = test_args (0, SIGCHLD);
  pid_t pid = clone3_fork (&a, sizeof a);
  if (pid == 0)
    {
      if (fprintf (stderr, "child %d: stderr is usable\n",
		   (int) getpid ()) < 0
	  || fflush (stderr) != 0)
	_exit (2);
      _exit (0);
    }
  int err = errno;
  int status = 0;
  int ended = pid > 0 && test_wait_bounded (pid, BOUND_MS, &status);

  sem_post (&release);
  CHECK_EQ (pthread_join (t, NULL), 0);
  if (busy == 0)
    FAIL_EXIT ("ftrylockfile (stderr) succeeded while another thread "
	       "held the lock");
  if (pid < 0)
    FAIL_EXIT ("clone3_fork: %s", strerror (err));
  if (!ended)
    FAIL_EXIT ("the child (strategy %s) did not exit within %d ms: it "
	       "blocked on stderr's lock, which another thread held",
	       clone3_fork_strategy (), BOUND_MS);
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    FAIL_EXIT ("child ended with status %#x, expected exit 0", status);
  CHECK_EQ (test_count_fds (), fds_before);
  return 0;
}
