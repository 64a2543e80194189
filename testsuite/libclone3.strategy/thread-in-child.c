/* clone3_fork called from a thread other than the main one (which is
   blocked in pthread_join meanwhile) makes a child in which
   pthread_create and pthread_join work: the child starts a thread that
   allocates, returns a value the child checks, and is joined, twice.
   The child's exit status reaches the forking thread.  */
/* { dg-do run } */

#define CLONE3_TEST_TIMEOUT 30
#include "clone3-test.h"
#include "test-child.h"
#include "strategy-util.h"

#include <pthread.h>
#include <stdint.h>

static void *
worker (void *arg)
{
  /* The thread is in the child process, and the child's only other
     thread is the one that created it.  */
  char *s = malloc (64);
  if (s == NULL)
    return NULL;
  snprintf (s, 64, "%d", (int) (intptr_t) arg * 3);
  return s;
}

static void __attribute__ ((noreturn))
in_child (void)
{
  for (int i = 1; i <= 2; ++i)
    {
      pthread_t t;
      if (pthread_create (&t, NULL, worker, (void *) (intptr_t) i) != 0)
	_exit (2);
      void *ret;
      if (pthread_join (t, &ret) != 0)
	_exit (3);
      if (ret == NULL || atoi (ret) != i * 3)
	_exit (4);
      free (ret);
    }
  _exit (42);
}

struct job
{
  pid_t pid;
  int err;
  int status;
  int ended;
};

static void *
forker (void *p)
{
  struct job *j = p;
  struct clone_args a = test_args (0, SIGCHLD);
  j->pid = clone3_fork (&a, sizeof a);
  if (j->pid == 0)
    in_child ();
  j->err = errno;
  if (j->pid > 0)
    j->ended = test_wait_bounded (j->pid, 5000, &j->status);
  return NULL;
}

static int
do_test (void)
{
  for (int round = 0; round < 3; ++round)
    {
      struct job j = { -1, 0, 0, 0 };
      pthread_t t;
      CHECK_EQ (pthread_create (&t, NULL, forker, &j), 0);
      CHECK_EQ (pthread_join (t, NULL), 0);
      if (j.pid < 0)
	FAIL_EXIT ("clone3_fork from a thread: %s", strerror (j.err));
      if (!j.ended)
	FAIL_EXIT ("the child hung (killed after 5 s)");
      if (!WIFEXITED (j.status))
	FAIL_EXIT ("the child did not exit: status %#x", j.status);
      switch (WEXITSTATUS (j.status))
	{
	case 42:
	  break;
	case 2:
	  FAIL_EXIT ("pthread_create failed in the child");
	case 3:
	  FAIL_EXIT ("pthread_join failed in the child");
	case 4:
	  FAIL_EXIT ("the child's thread did not return its value");
	default:
	  FAIL_EXIT ("child exit status %d", WEXITSTATUS (j.status));
	}
    }
  return 0;
}
