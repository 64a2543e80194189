/* The child of clone3_fork inherits its parent's signal state as a fork
   child does: its signal mask and every signal's disposition (1.._NSIG-1
   as the kernel keeps them: handler, flags, restorer, mask) are the ones
   the calling thread had before the call, SIGSYS included, and a seccomp
   SECCOMP_RET_TRAP in the child (on a getppid with magic arguments)
   reaches the application's SIGSYS handler directly, with its siginfo
   and its own signal mask.  Checked for several argument sets, single-
   and multithreaded.  The dispatch strategy installs a SIGSYS handler of
   its own while it forks; the child must not keep it.  */
/* { dg-do run } */

#define CLONE3_TEST_TIMEOUT 30
#include "clone3-test.h"
#include "test-child.h"
#include "strategy-util.h"

#include <pthread.h>
#include <semaphore.h>
#include <stdint.h>

static struct test_sigstate before;

/* In the child: 0, or what differs.  */
static int
child_checks (void)
{
  struct test_sigstate now;
  test_get_sigstate (&now);
  int d = test_sigstate_diff (&before, &now);
  if (d != 0)
    return d == -1 ? 200 : d;
  int t = test_traps;
  test_magic_call ();
  if (test_traps != t + 1)
    return 100;
  if (test_bad_traps != 0)
    return 101;
  return 0;
}

static void
fork_with (const char *what, unsigned long long flags,
	   unsigned long long exit_signal)
{
  int pidfd = -1;
  struct clone_args a = test_args (flags, exit_signal);
  if (flags & CLONE_PIDFD)
    a.pidfd = (uintptr_t) &pidfd;
  pid_t pid = clone3_fork (&a, sizeof a);
  if (pid == 0)
    _exit (child_checks ());
  if (pid < 0)
    FAIL_EXIT ("%s: clone3_fork: %s", what, strerror (errno));
  int st = test_wait_exit (pid);
  if (pidfd >= 0)
    close (pidfd);
  if (st == 200)
    FAIL_EXIT ("%s: the child's signal mask is not its parent's", what);
  if (st == 100)
    FAIL_EXIT ("%s: the seccomp trap in the child did not reach the "
	       "application's SIGSYS handler", what);
  if (st == 101)
    FAIL_EXIT ("%s: in the child, the application's SIGSYS handler got a "
	       "wrong siginfo or ran with the wrong mask", what);
  if (st != 0)
    FAIL_EXIT ("%s: in the child, the disposition of signal %d is not "
	       "the parent's (handler %#lx, flags %#lx)", what, st,
	       before.act[st].handler, (unsigned long) before.act[st].flags);
}

static sem_t done;

static void *
idle (void *arg)
{
  (void) arg;
  while (sem_wait (&done) != 0)
    ;
  return NULL;
}

static int
do_test (void)
{
  test_trap_magic ();
  test_set_dispositions ();
  test_get_sigstate (&before);

  fork_with ("plain", 0, SIGCHLD);
  fork_with ("CLONE_PIDFD", CLONE_PIDFD, SIGCHLD);
  fork_with ("exit_signal 0", 0, 0);

  CHECK (sem_init (&done, 0, 0) == 0);
  pthread_t t;
  CHECK_EQ (pthread_create (&t, NULL, idle, NULL), 0);
  /* glibc installs its cancellation handler with the first thread.  */
  test_get_sigstate (&before);
  fork_with ("multithreaded", 0, SIGCHLD);
  sem_post (&done);
  CHECK_EQ (pthread_join (t, NULL), 0);
  return 0;
}
