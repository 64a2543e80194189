/* Two threads call clone3_fork at the same moment (a barrier starts
   each round), 200 rounds; then clone3_fork in one thread races a plain
   fork () in another, 200 rounds.  Every call succeeds, every child
   exits with the status its caller expects, each clone3_fork's pidfd
   names its own child, and nothing is left to reap.  */
/* { dg-do run } */

#define CLONE3_TEST_TIMEOUT 40
#include "clone3-test.h"
#include "test-child.h"
#include "strategy-util.h"

#include <pthread.h>
#include <stdint.h>

#define ROUNDS 200

static pthread_barrier_t barrier;
static int plain_fork_mode;

struct result
{
  int failed;
  char why[200];
};
static struct result results[2];

#define THREAD_FAIL(r, ...)						\
  do									\
    {									\
      (r)->failed = 1;							\
      snprintf ((r)->why, sizeof (r)->why, __VA_ARGS__);		\
      return NULL;							\
    }									\
  while (0)

static void *
caller (void *p)
{
  int idx = (int) (intptr_t) p;
  struct result *r = &results[idx];
  for (int round = 0; round < ROUNDS; ++round)
    {
      int code = 1 + idx * 100 + round % 100;
      int pidfd = -1;
      struct clone_args a = test_args (CLONE_PIDFD, SIGCHLD);
      a.pidfd = (uintptr_t) &pidfd;
      int plain = plain_fork_mode && idx == 1;
      pthread_barrier_wait (&barrier);
      pid_t pid = plain ? fork () : clone3_fork (&a, sizeof a);
      if (pid == 0)
	_exit (code);
      if (pid < 0)
	THREAD_FAIL (r, "thread %d: %s: %s", idx,
		     plain ? "fork" : "clone3_fork", strerror (errno));
      if (!plain && test_pidfd_pid (pidfd) != pid)
	THREAD_FAIL (r, "thread %d: the pidfd does not name the child",
		     idx);
      int status;
      pid_t w;
      do
	w = waitpid (pid, &status, 0);
      while (w < 0 && errno == EINTR);
      if (w != pid)
	THREAD_FAIL (r, "thread %d: waitpid: %s", idx, strerror (errno));
      if (!WIFEXITED (status) || WEXITSTATUS (status) != code)
	THREAD_FAIL (r, "thread %d round %d: child status %#x, expected "
		     "exit %d", idx, round, status, code);
      if (pidfd >= 0)
	close (pidfd);
    }
  return NULL;
}

static void
run (int mode)
{
  plain_fork_mode = mode;
  memset (results, 0, sizeof results);
  pthread_t t[2];
  for (int i = 0; i < 2; ++i)
    CHECK_EQ (pthread_create (&t[i], NULL, caller, (void *) (intptr_t) i),
	      0);
  for (int i = 0; i < 2; ++i)
    CHECK_EQ (pthread_join (t[i], NULL), 0);
  for (int i = 0; i < 2; ++i)
    if (results[i].failed)
      FAIL_EXIT ("%s: %s", mode ? "against fork" : "two clone3_fork",
		 results[i].why);
}

static int
do_test (void)
{
  int fds_before = test_count_fds ();
  CHECK_EQ (pthread_barrier_init (&barrier, NULL, 2), 0);
  run (0);
  run (1);
  /* No child left over (the relay's intermediates included).  */
  CHECK_ERRNO (waitpid (-1, NULL, __WALL | WNOHANG), ECHILD);
  CHECK_EQ (test_count_fds (), fds_before);
  return 0;
}
