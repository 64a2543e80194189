/* Five threads call clone3_fork at the same moment (a barrier starts
   them), each with different arguments (plain, CLONE_PIDFD,
   CLONE_PARENT_SETTID, exit_signal 0, both together), 20 rounds.  Each
   child exits with a status unique to its caller and round, and each
   caller finds its own child: its status, its pidfd and its PARENT_SETTID
   word are its own (as glibc's tst-fork1, with clone3 arguments kept per
   call).  */
/* { dg-do run } */

#define CLONE3_TEST_TIMEOUT 30
#include "clone3-test.h"
#include "test-child.h"
#include "strategy-util.h"

#include <pthread.h>
#include <stdint.h>

#define THREADS 5
#define ROUNDS 20

static pthread_barrier_t barrier;

struct result
{
  int failed;
  char why[200];
};

static struct result results[THREADS];

/* Record the first failure; the thread goes on meeting the others at
   the barrier, so that nobody waits for it forever.  */
#define THREAD_FAIL(r, ...)						\
  do									\
    {									\
      if (!(r)->failed)							\
	snprintf ((r)->why, sizeof (r)->why, __VA_ARGS__);		\
      (r)->failed = 1;							\
      goto next;							\
    }									\
  while (0)

static void *
caller (void *p)
{
  int idx = (int) (intptr_t) p;
  struct result *r = &results[idx];
  for (int round = 0; round < ROUNDS; ++round)
    {
      int pidfd = -1;
      pid_t ptid = 0;
      struct clone_args a = test_args (0, SIGCHLD);
      switch (idx)
	{
	case 1:
	  a.flags = CLONE_PIDFD;
	  a.pidfd = (uintptr_t) &pidfd;
	  break;
	case 2:
	  a.flags = CLONE_PARENT_SETTID;
	  a.parent_tid = (uintptr_t) &ptid;
	  break;
	case 3:
	  a.exit_signal = 0;
	  break;
	case 4:
	  /* The legacy clone has one slot for both words: without
	     clone3, CLONE_PIDFD alone, with exit_signal 0.  */
	  a.flags = CLONE_PIDFD | (clone3_test_enosys ? 0
				   : CLONE_PARENT_SETTID);
	  a.pidfd = (uintptr_t) &pidfd;
	  a.parent_tid = (uintptr_t) &ptid;
	  if (clone3_test_enosys)
	    a.exit_signal = 0;
	  break;
	}
      int code = 10 + idx * ROUNDS + round;
      pthread_barrier_wait (&barrier);
      if (r->failed)
	continue;
      pid_t pid = clone3_fork (&a, sizeof a);
      if (pid == 0)
	_exit (code);
      if (pid < 0)
	THREAD_FAIL (r, "thread %d: clone3_fork: %s", idx, strerror (errno));
      if (idx == 1 || idx == 4)
	{
	  long of = test_pidfd_pid (pidfd);
	  if (of != pid)
	    THREAD_FAIL (r, "thread %d: pidfd %d names %ld, not its child "
			 "%d", idx, pidfd, of, (int) pid);
	}
      else if (pidfd != -1)
	THREAD_FAIL (r, "thread %d: its pidfd word was written", idx);
      int settid = idx == 2 || (idx == 4 && !clone3_test_enosys);
      if (settid ? ptid != pid : ptid != 0)
	THREAD_FAIL (r, "thread %d: PARENT_SETTID word %d, child %d", idx,
		     (int) ptid, (int) pid);
      int status;
      pid_t w;
      do
	w = waitpid (pid, &status, __WALL);
      while (w < 0 && errno == EINTR);
      if (w != pid)
	THREAD_FAIL (r, "thread %d: waitpid: %s", idx, strerror (errno));
      if (!WIFEXITED (status) || WEXITSTATUS (status) != code)
	THREAD_FAIL (r, "thread %d round %d: child status %#x, expected "
		     "exit %d", idx, round, status, code);
    next:
      if (pid > 0)
	/* Reaps a child left by a failure; ECHILD once reaped.  */
	while (waitpid (pid, NULL, __WALL) < 0 && errno == EINTR)
	  ;
      if (pidfd >= 0)
	close (pidfd);
    }
  return NULL;
}

static int
do_test (void)
{
  int fds_before = test_count_fds ();
  CHECK_EQ (pthread_barrier_init (&barrier, NULL, THREADS), 0);
  pthread_t t[THREADS];
  for (int i = 0; i < THREADS; ++i)
    CHECK_EQ (pthread_create (&t[i], NULL, caller, (void *) (intptr_t) i),
	      0);
  for (int i = 0; i < THREADS; ++i)
    CHECK_EQ (pthread_join (t[i], NULL), 0);
  for (int i = 0; i < THREADS; ++i)
    if (results[i].failed)
      FAIL_EXIT ("%s", results[i].why);
  CHECK_EQ (test_count_fds (), fds_before);
  return 0;
}
