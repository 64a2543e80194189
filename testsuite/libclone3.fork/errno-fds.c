/* clone3, clone3_fork and clone3_fork_raw leave errno untouched when
   they succeed, in the parent and in the child, and leak no file
   descriptor: the parent has as many after the call as before (with
   CLONE_PIDFD, once it has closed the pidfd), the child as many as the
   parent had before the call (not the pidfd), and a failing call,
   CLONE_PIDFD or not, opens none.  */
/* { dg-do run } */

#include "clone3-test.h"
#include "test-child.h"

#include <stdint.h>

#define SENTINEL 12345

enum which { CLONE3, CLONE3_FORK, CLONE3_FORK_RAW };
static const char *const names[] = { "clone3", "clone3_fork",
				     "clone3_fork_raw" };

static char stack[64 * 1024];
static int fds_before;

/* The child: errno as the caller left it, and the caller's descriptors
   without the pidfd.  */
static int
child_checks (void)
{
  if (errno != SENTINEL)
    return 1;
  /* glibc 2.36's opendir does not use malloc locks another thread could
     hold: this process has one thread.  */
  if (test_count_fds () != fds_before)
    return 2;
  return 0;
}

static int
callback (void *arg)
{
  (void) arg;
  return child_checks ();
}

static pid_t
call (enum which w, struct clone_args *a)
{
  switch (w)
    {
    case CLONE3:
      return clone3 (a, sizeof *a, callback, NULL);
    case CLONE3_FORK:
      return clone3_fork (a, sizeof *a);
    default:
      return clone3_fork_raw (a, sizeof *a);
    }
}

static void
success (enum which w, int with_pidfd)
{
  int pidfd = -1;
  struct clone_args a = test_args (with_pidfd ? CLONE_PIDFD : 0, SIGCHLD);
  if (with_pidfd)
    a.pidfd = (uintptr_t) &pidfd;
  if (w == CLONE3)
    {
      a.stack = (uintptr_t) stack;
      a.stack_size = sizeof stack;
    }
  fds_before = test_count_fds ();
  errno = SENTINEL;
  pid_t pid = call (w, &a);
  if (pid == 0)
    _exit (child_checks ());
  int e = errno;
  if (pid < 0)
    FAIL_EXIT ("%s%s: %s", names[w], with_pidfd ? " (CLONE_PIDFD)" : "",
	       strerror (e));
  if (e != SENTINEL)
    FAIL_EXIT ("%s%s: errno %d after success, expected it untouched (%d)",
	       names[w], with_pidfd ? " (CLONE_PIDFD)" : "", e, SENTINEL);
  if (with_pidfd)
    {
      if (pidfd < 0)
	FAIL_EXIT ("%s: no pidfd", names[w]);
      CHECK_EQ (test_count_fds (), fds_before + 1);
      CHECK (close (pidfd) == 0);
    }
  int st = test_wait_exit (pid);
  if (st == 1)
    FAIL_EXIT ("%s%s: errno in the child is not the caller's", names[w],
	       with_pidfd ? " (CLONE_PIDFD)" : "");
  if (st != 0)
    FAIL_EXIT ("%s%s: the child has a different number of descriptors",
	       names[w], with_pidfd ? " (CLONE_PIDFD)" : "");
  int after = test_count_fds ();
  if (after != fds_before)
    FAIL_EXIT ("%s%s: %d descriptors before, %d after", names[w],
	       with_pidfd ? " (CLONE_PIDFD)" : "", fds_before, after);
}

/* A call that must fail with ERR (or, if ERR2 is not 0, ERR2) and
   leave the descriptors as they were.  */
static void
failure (enum which w, struct clone_args *a, const char *what, int err,
	 int err2)
{
  int before = test_count_fds ();
  errno = 0;
  pid_t pid = call (w, a);
  int e = errno;
  if (pid == 0)
    _exit (99);
  if (pid > 0)
    {
      test_wait_exit (pid);
      FAIL_EXIT ("%s, %s: succeeded", names[w], what);
    }
  if (e != err && (err2 == 0 || e != err2))
    FAIL_EXIT ("%s, %s: errno %d (%s)", names[w], what, e, strerror (e));
  int after = test_count_fds ();
  if (after != before)
    FAIL_EXIT ("%s, %s: %d descriptors before, %d after", names[w], what,
	       before, after);
}

/* All the checks of W, in a process that has not called the library
   yet: with clone3 answering ENOSYS, its first call meets the ENOSYS
   that makes it fall back, and must not let it through errno.  */
static void __attribute__ ((noreturn))
checks (enum which w)
{
  for (int rep = 0; rep < 2; ++rep)
    {
      success (w, 0);
      success (w, 1);
    }

  int pidfd = -1;
  struct clone_args a = test_args (CLONE_PIDFD, SIGCHLD);
  a.pidfd = (uintptr_t) &pidfd;
  if (w == CLONE3)
    {
      a.stack = (uintptr_t) stack;
      a.stack_size = sizeof stack;
    }

  /* Refused by the argument checks.  */
  a.exit_signal = 0x100;
  failure (w, &a, "CLONE_PIDFD with a bad exit_signal", EINVAL, 0);
  a.exit_signal = SIGCHLD;
  a.pidfd = 8;
  failure (w, &a, "CLONE_PIDFD to a bad address", EFAULT, 0);
  a.pidfd = (uintptr_t) &pidfd;
  if (w != CLONE3)
    {
      a.flags |= CLONE_VM;
      failure (w, &a, "CLONE_PIDFD | CLONE_VM", EINVAL, 0);
      a.flags &= ~(unsigned long long) CLONE_VM;
    }

  /* Refused by the kernel once it has started on the child (the legacy
     path cannot express set_tid at all).  set_tid naming this process's
     own PID: EEXIST with the privilege to ask, EPERM without.  */
  pid_t tid = getpid ();
  a.set_tid = (uintptr_t) &tid;
  a.set_tid_size = 1;
  failure (w, &a, "CLONE_PIDFD with set_tid in use",
	   clone3_test_enosys ? ENOSYS : EEXIST,
	   clone3_test_enosys ? 0 : EPERM);
  CHECK_EQ (pidfd, -1);

  /* And success again after the failures.  */
  success (w, 1);

  errno = 0;
  CHECK (waitpid (-1, NULL, WNOHANG | __WALL) == -1 && errno == ECHILD);
  exit (0);
}

static int
do_test (void)
{
  for (int w = CLONE3; w <= CLONE3_FORK_RAW; ++w)
    {
      pid_t pid = fork ();
      CHECK (pid >= 0);
      if (pid == 0)
	checks (w);
      if (test_wait_exit (pid) != 0)
	FAIL_EXIT ("the checks of %s failed", names[w]);
    }
  return 0;
}
