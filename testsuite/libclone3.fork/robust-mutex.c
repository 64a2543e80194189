/* The robust mutex list of the child of clone3_fork and clone3_fork_raw
   is cleared and registered with the kernel again, and the child locks
   with its own TID:
   - a process-shared robust mutex (in MAP_SHARED memory) that the child
     locks and does not unlock before exiting is handed to the parent's
     next lock with EOWNERDEAD (a timed lock, so a regression FAILs
     instead of hanging);
   - a robust mutex the parent held at fork time is not the child's: the
     child's robust list is empty, its unlock is refused with EPERM and
     its trylock says EBUSY (not EDEADLK), and after the child has
     exited the parent still owns the mutex and unlocks it normally.  */
/* { dg-do run } */

#include "clone3-test.h"
#include "test-child.h"

#include <linux/futex.h>
#include <pthread.h>
#include <sys/mman.h>
#include <time.h>

enum which { CLONE3_FORK, CLONE3_FORK_RAW };
static const char *const names[] = { "clone3_fork", "clone3_fork_raw" };

static pid_t
make_child (enum which w)
{
  struct clone_args a = test_args (0, SIGCHLD);
  return w == CLONE3_FORK ? clone3_fork (&a, sizeof a)
	 : clone3_fork_raw (&a, sizeof a);
}

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

static void
init_robust (pthread_mutex_t *m, int type)
{
  pthread_mutexattr_t ma;
  CHECK_EQ (pthread_mutexattr_init (&ma), 0);
  CHECK_EQ (pthread_mutexattr_setpshared (&ma, PTHREAD_PROCESS_SHARED), 0);
  CHECK_EQ (pthread_mutexattr_setrobust (&ma, PTHREAD_MUTEX_ROBUST), 0);
  CHECK_EQ (pthread_mutexattr_settype (&ma, type), 0);
  CHECK_EQ (pthread_mutex_init (m, &ma), 0);
  CHECK_EQ (pthread_mutexattr_destroy (&ma), 0);
}

static int
timed_lock (pthread_mutex_t *m)
{
  struct timespec ts;
  clock_gettime (CLOCK_REALTIME, &ts);
  ts.tv_sec += 5;
  return pthread_mutex_timedlock (m, &ts);
}

/* Whether the calling thread's robust list, as the kernel knows it, is
   empty: registered and empty, or not registered at all (musl registers
   a thread's list when it first locks a robust mutex).  */
static int
robust_list_empty (void)
{
  struct robust_list_head *head;
  size_t len;
  if (syscall (SYS_get_robust_list, 0, &head, &len) != 0)
    return 0;
  if (head == NULL)
    return 1;
  return head->list.next == &head->list;
}

/* The child locks M and exits holding it.  */
static void
owner_dies (enum which w, pthread_mutex_t *m)
{
  init_robust (m, PTHREAD_MUTEX_NORMAL);
  pid_t pid = make_child (w);
  if (pid == 0)
    {
      int r = pthread_mutex_lock (m);
      if (r != 0)
	child_fail (1, "pthread_mutex_lock", r);
      _exit (0);
    }
  CHECK (pid > 0);
  CHECK_EQ (test_wait_exit (pid), 0);
  int r = timed_lock (m);
  if (r != EOWNERDEAD)
    FAIL_EXIT ("%s: lock after the owning child died returned %d (%s), "
	       "expected EOWNERDEAD", names[w], r, strerror (r));
  CHECK_EQ (pthread_mutex_consistent (m), 0);
  CHECK_EQ (pthread_mutex_unlock (m), 0);
  /* And it is an ordinary mutex again.  */
  CHECK_EQ (timed_lock (m), 0);
  CHECK_EQ (pthread_mutex_unlock (m), 0);
  CHECK_EQ (pthread_mutex_destroy (m), 0);
}

/* The parent holds HELD across the fork; the child also locks OTHER
   and dies with it.  */
static void
parent_holds (enum which w, pthread_mutex_t *held, pthread_mutex_t *other)
{
  init_robust (held, PTHREAD_MUTEX_ERRORCHECK);
  init_robust (other, PTHREAD_MUTEX_ERRORCHECK);
  CHECK_EQ (pthread_mutex_lock (held), 0);
  CHECK (!robust_list_empty ());
  pid_t pid = make_child (w);
  if (pid == 0)
    {
      if (!robust_list_empty ())
	child_fail (1, "the child's robust list is not empty", 0);
      int r = pthread_mutex_unlock (held);
      if (r != EPERM)
	child_fail (2, "unlocking the parent's mutex did not say EPERM", r);
      r = pthread_mutex_trylock (held);
      if (r != EBUSY)
	child_fail (3, "trylock of the parent's mutex did not say EBUSY", r);
      r = pthread_mutex_lock (other);
      if (r != 0)
	child_fail (4, "pthread_mutex_lock", r);
      if (robust_list_empty ())
	child_fail (5, "a locked robust mutex is not on the child's list", 0);
      _exit (0);
    }
  CHECK (pid > 0);
  CHECK_EQ (test_wait_exit (pid), 0);
  int r = timed_lock (other);
  if (r != EOWNERDEAD)
    FAIL_EXIT ("%s: lock after the owning child died returned %d (%s), "
	       "expected EOWNERDEAD", names[w], r, strerror (r));
  CHECK_EQ (pthread_mutex_consistent (other), 0);
  CHECK_EQ (pthread_mutex_unlock (other), 0);
  /* Still the parent's, untouched by the child's exit (the owner's
     trylock says EDEADLK with glibc, EBUSY with musl; the unlock below
     succeeds only for the owner).  */
  r = pthread_mutex_trylock (held);
  if (r != EDEADLK && r != EBUSY)
    FAIL_EXIT ("%s: the parent's held mutex: trylock returned %d (%s), "
	       "expected EDEADLK or EBUSY", names[w], r, strerror (r));
  CHECK_EQ (pthread_mutex_unlock (held), 0);
  CHECK (robust_list_empty ());
  CHECK_EQ (timed_lock (held), 0);
  CHECK_EQ (pthread_mutex_unlock (held), 0);
  CHECK_EQ (pthread_mutex_destroy (held), 0);
  CHECK_EQ (pthread_mutex_destroy (other), 0);
}

static int
do_test (void)
{
  pthread_mutex_t *m = mmap (NULL, 2 * sizeof *m, PROT_READ | PROT_WRITE,
			     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  CHECK (m != MAP_FAILED);
  for (int w = CLONE3_FORK; w <= CLONE3_FORK_RAW; ++w)
    {
      owner_dies (w, &m[0]);
      parent_holds (w, &m[0], &m[1]);
      /* Twice: a second child of the same parent.  */
      owner_dies (w, &m[1]);
    }
  CHECK (munmap (m, 2 * sizeof *m) == 0);
  return 0;
}
