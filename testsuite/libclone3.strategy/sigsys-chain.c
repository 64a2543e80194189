/* After clone3_fork (whatever its arguments, including CLONE_VFORK and
   a second thread's presence), the application's own SIGSYS handler
   still receives the SIGSYS of a seccomp SECCOMP_RET_TRAP filter (on a
   getppid with magic arguments), with si_code SYS_SECCOMP, si_syscall
   getppid and the handler's own signal mask; and the calling thread's
   signal mask and every signal's disposition (1.._NSIG-1 as the kernel
   keeps them: handler, flags, restorer, mask) are exactly as they were
   before the call.  The dispatch strategy installs a SIGSYS handler of
   its own for the duration of the call, so it must hand the
   application's back.  */
/* { dg-do run } */

#define CLONE3_TEST_TIMEOUT 30
#include "clone3-test.h"
#include "test-child.h"
#include "strategy-util.h"

#include <pthread.h>
#include <semaphore.h>
#include <stdint.h>

static struct test_sigstate before;

static void
check_unchanged (const char *what)
{
  struct test_sigstate now;
  test_get_sigstate (&now);
  int d = test_sigstate_diff (&before, &now);
  if (d == -1)
    FAIL_EXIT ("%s: the signal mask changed from %#llx to %#llx", what,
	       (unsigned long long) before.mask[0],
	       (unsigned long long) now.mask[0]);
  if (d > 0)
    FAIL_EXIT ("%s: the disposition of signal %d changed: handler %#lx "
	       "flags %#lx mask %#llx, was %#lx %#lx %#llx", what, d,
	       now.act[d].handler, (unsigned long) now.act[d].flags,
	       (unsigned long long) now.act[d].mask, before.act[d].handler,
	       (unsigned long) before.act[d].flags,
	       (unsigned long long) before.act[d].mask);
}

static void
check_trap (const char *what)
{
  int t = test_traps;
  test_magic_call ();
  if (test_traps != t + 1)
    FAIL_EXIT ("%s: the application's SIGSYS handler did not receive the "
	       "seccomp trap", what);
  if (test_bad_traps != 0)
    FAIL_EXIT ("%s: the application's SIGSYS handler got a wrong "
	       "siginfo or ran with the wrong mask", what);
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
    _exit (0);
  if (pid < 0)
    FAIL_EXIT ("%s: clone3_fork: %s", what, strerror (errno));
  check_unchanged (what);
  check_trap (what);
  CHECK_EQ (test_wait_exit (pid), 0);
  if (pidfd >= 0)
    close (pidfd);
}

static int
do_test (void)
{
  test_trap_magic ();
  test_set_dispositions ();
  test_get_sigstate (&before);
  check_trap ("before clone3_fork");
  check_unchanged ("before clone3_fork");

  fork_with ("plain", 0, SIGCHLD);
  fork_with ("CLONE_PIDFD", CLONE_PIDFD, SIGCHLD);
  fork_with ("exit_signal 0", 0, 0);
  fork_with ("CLONE_VFORK", CLONE_VFORK, SIGCHLD);

  /* Multithreaded now.  */
  CHECK (sem_init (&done, 0, 0) == 0);
  pthread_t t;
  CHECK_EQ (pthread_create (&t, NULL, idle, NULL), 0);
  /* glibc installs its cancellation handler with the first thread.  */
  test_get_sigstate (&before);
  fork_with ("multithreaded", 0, SIGCHLD);
  fork_with ("multithreaded, CLONE_PIDFD", CLONE_PIDFD, SIGCHLD);
  sem_post (&done);
  CHECK_EQ (pthread_join (t, NULL), 0);
  check_unchanged ("at the end");
  return 0;
}
