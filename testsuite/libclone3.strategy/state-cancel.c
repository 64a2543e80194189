/* fork () is no cancellation point: a thread with a deferred
   cancellation pending that calls it gets its child, and is cancelled
   at its next cancellation point.  So must clone3_fork be, whatever its
   strategy does inside (relay's close, recvmsg and waitpid): compared
   with fork (), for a plain request and one with CLONE_PIDFD, the call
   returns the child, the thread's cleanup handler runs once (in no
   other process: the counter is in shared memory), a stdio buffer the
   thread filled is written once (no process but the caller's calls
   exit), no descriptor is leaked and no process is left to reap.  */
/* { dg-do run } */

#include "clone3-test.h"
#include "test-child.h"
#include "strategy-util.h"

#include <pthread.h>
#include <stdint.h>
#include <sys/mman.h>

enum maker { BY_FORK, BY_CLONE3_FORK, BY_CLONE3_FORK_PIDFD, N_MAKERS };
static const char *const maker_names[]
  = { "fork ()", "clone3_fork", "clone3_fork with CLONE_PIDFD" };

/* Shared with every process: the cleanup handler's runs.  */
static int *cleanups;

static enum maker maker;
static FILE *out;
static volatile pid_t made;
static volatile int made_err;
static int pidfd;

static void
cleanup (void *arg)
{
  (void) arg;
  __atomic_add_fetch (cleanups, 1, __ATOMIC_SEQ_CST);
}

static void *
caller (void *arg)
{
  (void) arg;
  pthread_cleanup_push (cleanup, NULL);
  CHECK_EQ (pthread_cancel (pthread_self ()), 0);
  /* Buffered: written once, by the caller's exit or fclose.  */
  fputs ("marker\n", out);
  pid_t pid;
  pidfd = -1;
  if (maker == BY_FORK)
    pid = fork ();
  else
    {
      struct clone_args a = test_args (maker == BY_CLONE3_FORK_PIDFD
				       ? CLONE_PIDFD : 0, SIGCHLD);
      a.pidfd = (uintptr_t) &pidfd;
      pid = clone3_fork (&a, sizeof a);
    }
  if (pid == 0)
    _exit (0);
  made_err = pid < 0 ? errno : 0;
  made = pid;
  pthread_testcancel ();
  pthread_cleanup_pop (0);
  return NULL;
}

/* Run one case, and check its outcome is fork's.  */
static void
run (enum maker m)
{
  maker = m;
  made = -2;
  *cleanups = 0;
  int p[2];
  CHECK (pipe (p) == 0);
  out = fdopen (p[1], "w");
  CHECK (out != NULL);
  static char buf[4096];
  CHECK (setvbuf (out, buf, _IOFBF, sizeof buf) == 0);
  int fds = test_count_fds ();

  pthread_t t;
  CHECK_EQ (pthread_create (&t, NULL, caller, NULL), 0);
  void *ret;
  CHECK_EQ (pthread_join (t, &ret), 0);
  const char *what = maker_names[m];
  if (made == -2)
    FAIL_EXIT ("%s: the thread was cancelled inside the call", what);
  if (made < 0)
    FAIL_EXIT ("%s: %s", what, strerror (made_err));
  if (ret != PTHREAD_CANCELED)
    FAIL_EXIT ("%s: the thread was not cancelled after the call", what);
  if (m == BY_CLONE3_FORK_PIDFD && test_pidfd_pid (pidfd) != made)
    FAIL_EXIT ("%s: the pidfd does not name the child", what);
  CHECK_EQ (test_wait_exit (made), 0);
  if (m == BY_CLONE3_FORK_PIDFD)
    close (pidfd);
  errno = 0;
  if (waitpid (-1, NULL, __WALL | WNOHANG) != -1 || errno != ECHILD)
    FAIL_EXIT ("%s: a process is left to reap", what);
  if (*cleanups != 1)
    FAIL_EXIT ("%s: the cleanup handler ran %d times", what, *cleanups);
  CHECK_EQ (test_count_fds (), fds);

  CHECK (fclose (out) == 0);
  char got[256];
  ssize_t n = read (p[0], got, sizeof got - 1);
  CHECK (n >= 0);
  got[n] = '\0';
  close (p[0]);
  if (strcmp (got, "marker\n") != 0)
    FAIL_EXIT ("%s: the stdio buffer was written as \"%s\"", what, got);
  printf ("%s: the child, then the cancellation, as with fork ()\n", what);
}

static int
do_test (void)
{
  cleanups = mmap (NULL, sizeof *cleanups, PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  CHECK (cleanups != MAP_FAILED);
  for (int m = BY_FORK; m < N_MAKERS; ++m)
    run (m);
  return 0;
}
