/* clone3 starts to answer ENOSYS after the library has used it (a
   seccomp filter installed later): the next clone3_fork still makes its
   child, through the legacy clone, with everything it asked for, and a
   request the legacy call cannot express fails with ENOSYS and makes no
   child.  Under dispatch on x86_64 this is the trampoline's own legacy
   clone, made after the handler has already given the application's
   SIGSYS action and signal mask back.  The application has its own
   signal state (strategy-util.h); the child asked for CLONE_PIDFD and
   CLONE_CLEAR_SIGHAND must start with every handler reset (SIGSYS's
   too), the parent must keep its state, and the atfork handlers must run
   once each.  */
/* { dg-do run } */

#include "clone3-test.h"
#include "test-child.h"
#include "test-atfork.h"
#include "strategy-util.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>

/* A plain child comes and exits.  */
static void
plain_child (void)
{
  struct clone_args a = test_args (0, SIGCHLD);
  pid_t pid = clone3_fork (&a, sizeof a);
  if (pid == 0)
    _exit (0);
  CHECK (pid > 0);
  CHECK_EQ (test_wait_exit (pid), 0);
}

/* A first child through clone3 itself, then the filter.  */
static void
use_clone3_then_lose_it (void)
{
  plain_child ();
  test_force_enosys ();
  test_atfork_count_init ();
}

static void
count_atfork_calls (void)
{
  test_atfork_count_init ();
  CHECK (pthread_atfork (test_count_prepare, test_count_parent,
			 test_count_child) == 0);
}

/* The child of the expressible request: 0 if its state is right.  */
static int
check_child (const struct test_sigstate *parent)
{
  /* glibc's thread descriptor has this process's TID.  */
  if (pthread_kill (pthread_self (), 0) != 0)
    return 10;
  if (test_atfork_counts[2] != 1)
    return 11;
  struct test_sigstate s;
  test_get_sigstate (&s);
  if (s.mask[0] != parent->mask[0] || s.mask[1] != parent->mask[1])
    return 12;
  for (int sig = 1; sig < _NSIG; ++sig)
    {
      unsigned long want = parent->act[sig].handler;
      if (want != (unsigned long) SIG_IGN)
	want = (unsigned long) SIG_DFL;
      if (s.act[sig].handler != want)
	return sig == SIGSYS ? 13 : 14;
    }
  return 0;
}

static void
expressible (void)
{
  test_set_dispositions ();
  count_atfork_calls ();
  use_clone3_then_lose_it ();
  struct test_sigstate before, after;
  test_get_sigstate (&before);

  int pidfd = -1;
  struct clone_args a = test_args (CLONE_PIDFD | CLONE_CLEAR_SIGHAND,
				   SIGCHLD);
  a.pidfd = (uintptr_t) &pidfd;
  pid_t pid = clone3_fork (&a, sizeof a);
  if (pid == 0)
    _exit (check_child (&before));
  if (pid < 0)
    FAIL_EXIT ("clone3_fork after clone3 said ENOSYS: %s", strerror (errno));
  test_get_sigstate (&after);
  CHECK (pidfd >= 0);
  CHECK (fcntl (pidfd, F_GETFD) == FD_CLOEXEC);
  CHECK_EQ (test_pidfd_pid (pidfd), pid);
  int status = test_wait_exit (pid);
  if (status != 0)
    FAIL_EXIT ("the child found its state wrong (status %d: 10 TID, 11 "
	       "atfork, 12 mask, 13 SIGSYS action, 14 another action)",
	       status);
  CHECK (close (pidfd) == 0);
  test_expect_atfork_counts ("the legacy clone's fork", 1, 1, 1);
  int diff = test_sigstate_diff (&before, &after);
  if (diff != 0)
    FAIL_EXIT ("the parent's signal state changed (%s %d)",
	       diff < 0 ? "mask" : "signal", diff);

  /* The ENOSYS is remembered; the next child comes as well.  */
  plain_child ();
}

static void
inexpressible (void)
{
  count_atfork_calls ();
  use_clone3_then_lose_it ();
  int fds = test_count_fds ();
  /* Only clone3 can place a child in a cgroup; the descriptor is never
     looked at.  */
  struct clone_args a = test_args (CLONE_INTO_CGROUP, SIGCHLD);
  a.cgroup = 0;
  pid_t pid = clone3_fork (&a, sizeof a);
  if (pid == 0)
    _exit (0);
  if (pid != -1 || errno != ENOSYS)
    FAIL_EXIT ("CLONE_INTO_CGROUP without clone3: returned %d, errno %d "
	       "(%s); expected ENOSYS", (int) pid, errno, strerror (errno));
  errno = 0;
  CHECK (waitpid (-1, NULL, WNOHANG | __WALL) == -1 && errno == ECHILD);
  CHECK_EQ (test_count_fds (), fds);
  /* As fork does when its clone fails: prepare and parent handlers.
     Under relay the intermediate process, a fork child, has run the
     child handlers before it meets the failure (api.md's transient
     process).  */
  int relay = strcmp (clone3_fork_strategy (), "relay") == 0;
  test_expect_atfork_counts ("the failed fork", 1, 1, relay);
  plain_child ();
}

static int
do_test (void)
{
  /* Each in its own process: the filter and the remembered ENOSYS stay
     there.  */
  void (*cases[]) (void) = { expressible, inexpressible };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; ++i)
    {
      pid_t pid = fork ();
      CHECK (pid >= 0);
      if (pid == 0)
	{
	  cases[i] ();
	  _exit (0);
	}
      CHECK_EQ (test_wait_exit (pid), 0);
    }
  return 0;
}
