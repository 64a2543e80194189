/* A thread with a deferred cancellation pending calls clone3_fork, the
   program's first: as with fork (), which is not a cancellation point,
   the call returns a child in the parent and in the child (which exits
   at once), and the thread is cancelled only at its next cancellation
   point.  Whatever the strategy does to choose itself (the dispatch
   probe) must not be cancelled: that would leave a process unreaped and
   the caller without its child.  In a fresh program image, so that the
   probe runs there in every variant.  */
/* { dg-do run } */

#include "clone3-test.h"
#include "test-child.h"
#include "strategy-util.h"
#include "dispatch-util.h"

#include <pthread.h>

static int which_maker;
static volatile pid_t made = -2;
static volatile int made_errno;

static void *
canceller (void *arg)
{
  (void) arg;
  pthread_setcanceltype (PTHREAD_CANCEL_DEFERRED, NULL);
  pthread_cancel (pthread_self ());
  pid_t pid = test_dispatch_make (which_maker);
  if (pid == 0)
    /* Not a cancellation point.  */
    _exit (7);
  made_errno = errno;
  made = pid;
  pthread_testcancel ();
  /* Not cancelled: the report says so.  */
  return NULL;
}

static void
scenario (int which, struct test_dispatch_outcome *o)
{
  which_maker = which;
  pthread_t t;
  int e = pthread_create (&t, NULL, canceller, NULL);
  if (e != 0)
    {
      TEST_DISPATCH_FAIL (o, "pthread_create: %s", strerror (e));
      return;
    }
  void *ret;
  e = pthread_join (t, &ret);
  if (e != 0)
    {
      TEST_DISPATCH_FAIL (o, "pthread_join: %s", strerror (e));
      return;
    }
  /* 1: cancelled after the call returned; 0: cancelled inside it;
     2: not cancelled.  */
  o->seen[1] = ret != PTHREAD_CANCELED ? 2 : made != -2;
  if (made < 0)
    {
      errno = made_errno;
      test_dispatch_record_error (which, 0, o);
      if (made == -2)
	o->err[0] = -1;
    }
  else
    {
      int st = test_wait (made);
      o->seen[0] = WIFEXITED (st) ? WEXITSTATUS (st) : 1000 + st;
    }
  errno = 0;
  if (waitpid (-1, NULL, __WALL | WNOHANG) != -1 || errno != ECHILD)
    TEST_DISPATCH_FAIL (o, "a process is left to reap");
}

static int
do_test (void)
{
  struct test_dispatch_outcome ref
    = test_dispatch_compare ("with a cancellation pending", 0, NULL);
  if (ref.err[0] != 0 || ref.seen[0] != 7 || ref.seen[1] != 1)
    FAIL_EXIT ("fork (): errno %d, child status %ld, cancelled %ld; "
	       "expected 0, 7, 1", ref.err[0], ref.seen[0], ref.seen[1]);
  return 0;
}
