/* clone3_fork leaves the child a usable malloc while another thread of
   the caller holds the (only) malloc arena's lock when clone3_fork is
   called, as fork does: glibc's fork waits for every arena lock and
   resets them in the child.  With M_ARENA_MAX 1 every thread shares the
   main arena; a thread calls malloc_stats, which writes to stderr with
   the arena locked, and stderr is a full pipe, so that thread stays
   parked in write with the lock held.  A third thread's malloc is seen
   to block meanwhile (the proof that the lock is held).  Then
   clone3_fork is called, and 300 ms later the pipe is drained so the
   holder can finish.  The child mallocs and frees (sizes served from
   the arena, not only the thread cache) and exits 0; the parent waits
   at most 3 seconds for it, then kills it and fails.  The emulate
   strategy copies the held lock into its child, which blocks on it:
   that variant is an expected failure.  */
/* { dg-do run } */
/* { dg-xfail-run-if "emulate's child cannot take locks other threads held" { *-*-* } { "-DCLONE3_TEST_FORK_STRATEGY=emulate" } } */

#define CLONE3_TEST_TIMEOUT 30
#include "clone3-test.h"
#include "test-child.h"
#include "strategy-util.h"

#include <fcntl.h>
#include <malloc.h>
#include <poll.h>
#include <pthread.h>
#include <semaphore.h>

#ifndef M_ARENA_MAX
/* Not glibc's malloc (musl's has no arenas and no malloc_stats): there
   is no way to hold its lock from here.  */
static int
do_test (void)
{
  UNSUPPORTED ("no M_ARENA_MAX and malloc_stats to hold glibc's arena "
	       "lock with");
}
#else

#define BOUND_MS 3000
/* Large enough to bypass the thread cache, small enough not to be
   mmapped.  */
#define ARENA_SIZE (64 * 1024)

static int pipefd[2];
static sem_t go_stats, go_probe, go_drain;
static int stats_done, probe_done;
/* Where allocations are stored, so that the compiler keeps them.  */
static void *volatile sink;

static void
wait_sem (sem_t *s)
{
  while (sem_wait (s) != 0)
    ;
}

/* Parks in malloc_stats's write to stderr with the arena locked.  */
static void *
holder (void *arg)
{
  (void) arg;
  wait_sem (&go_stats);
  malloc_stats ();
  __atomic_store_n (&stats_done, 1, __ATOMIC_RELEASE);
  return NULL;
}

/* A malloc that needs the arena lock.  */
static void *
prober (void *arg)
{
  (void) arg;
  wait_sem (&go_probe);
  sink = malloc (ARENA_SIZE);
  __atomic_store_n (&probe_done, 1, __ATOMIC_RELEASE);
  free (sink);
  return NULL;
}

/* 300 ms after its start, empties the pipe until malloc_stats is
   done.  */
static void *
drainer (void *arg)
{
  (void) arg;
  wait_sem (&go_drain);
  test_sleep_ms (300);
  char buf[4096];
  while (!__atomic_load_n (&stats_done, __ATOMIC_ACQUIRE))
    {
      struct pollfd p = { pipefd[0], POLLIN, 0 };
      if (poll (&p, 1, 10) > 0 && read (pipefd[0], buf, sizeof buf) < 0)
	break;
    }
  return NULL;
}

static void __attribute__ ((noreturn))
in_child (void)
{
  void *small[16];
  for (int i = 0; i < 16; ++i)
    {
      small[i] = sink = malloc (24 + 40 * i);
      if (small[i] == NULL)
	_exit (2);
    }
  void *big = sink = malloc (ARENA_SIZE);
  if (big == NULL)
    _exit (3);
  memset (big, 1, ARENA_SIZE);
  void *bigger = sink = realloc (big, 2 * ARENA_SIZE);
  if (bigger == NULL)
    _exit (4);
  free (bigger);
  for (int i = 0; i < 16; ++i)
    free (small[i]);
  _exit (0);
}

static int
do_test (void)
{
  /* Before any thread exists, so that the arena limit is read.  */
  if (mallopt (M_ARENA_MAX, 1) != 1)
    FAIL_EXIT ("mallopt (M_ARENA_MAX, 1) failed");
  CHECK (sem_init (&go_stats, 0, 0) == 0);
  CHECK (sem_init (&go_probe, 0, 0) == 0);
  CHECK (sem_init (&go_drain, 0, 0) == 0);
  int fds_before = test_count_fds ();

  /* A full pipe for stderr.  */
  CHECK (pipe2 (pipefd, O_CLOEXEC) == 0);
  fcntl (pipefd[1], F_SETPIPE_SZ, 4096);
  CHECK (fcntl (pipefd[1], F_SETFL, O_NONBLOCK) == 0);
  {
    char buf[4096];
    memset (buf, '.', sizeof buf);
    while (write (pipefd[1], buf, sizeof buf) > 0)
      ;
    CHECK (errno == EAGAIN);
  }
  CHECK (fcntl (pipefd[1], F_SETFL, 0) == 0);

  /* Every thread is created now: pthread_create allocates.  */
  pthread_t th, tp, td;
  CHECK_EQ (pthread_create (&th, NULL, holder, NULL), 0);
  CHECK_EQ (pthread_create (&tp, NULL, prober, NULL), 0);
  CHECK_EQ (pthread_create (&td, NULL, drainer, NULL), 0);

  /* From here until stderr is back, failures are recorded, not
     printed.  */
  int saved_stderr = fcntl (STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
  CHECK (saved_stderr >= 0);
  CHECK (dup2 (pipefd[1], STDERR_FILENO) == STDERR_FILENO);

  sem_post (&go_stats);
  test_sleep_ms (100);
  sem_post (&go_probe);
  test_sleep_ms (200);
  int lock_held = !__atomic_load_n (&probe_done, __ATOMIC_ACQUIRE)
		  && !__atomic_load_n (&stats_done, __ATOMIC_ACQUIRE);

  sem_post (&go_drain);
  struct clone_args a = test_args (0, SIGCHLD);
  pid_t pid = clone3_fork (&a, sizeof a);
  if (pid == 0)
    in_child ();
  int err = errno;
  int status = 0;
  int ended = pid > 0 && test_wait_bounded (pid, BOUND_MS, &status);

  pthread_join (td, NULL);
  pthread_join (th, NULL);
  pthread_join (tp, NULL);
  CHECK (dup2 (saved_stderr, STDERR_FILENO) == STDERR_FILENO);
  close (saved_stderr);
  close (pipefd[0]);
  close (pipefd[1]);

  if (!lock_held)
    FAIL_EXIT ("another thread's malloc did not block while malloc_stats "
	       "was parked: the arena lock was not held, the test proves "
	       "nothing");
  if (pid < 0)
    FAIL_EXIT ("clone3_fork: %s", strerror (err));
  if (!ended)
    FAIL_EXIT ("the child (strategy %s) did not exit within %d ms: its "
	       "malloc blocked on the arena lock another thread held",
	       clone3_fork_strategy (), BOUND_MS);
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    FAIL_EXIT ("child ended with status %#x, expected exit 0", status);
  CHECK_EQ (test_count_fds (), fds_before);
  return 0;
}

#endif /* M_ARENA_MAX */
