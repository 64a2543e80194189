/* CLONE_CLEAR_SIGHAND does what the kernel's flush_signal_handlers does,
   through clone3, clone3_fork and clone3_fork_raw, with clone3 and with
   its emulation on the legacy clone path: every SIG_IGN stays, whatever
   its flags (so SIGPIPE ignored with SA_SIGINFO among the flags is still
   ignored, and raising it does nothing), every other disposition becomes
   SIG_DFL, and every disposition's flags are cleared (so SA_NOCLDWAIT on
   a default SIGCHLD is gone: the child's own child stays waitable).  */
/* { dg-do run } */

#include "clone3-test.h"
#include "test-child.h"

#include <fcntl.h>

static void
on_signal_info (int sig, siginfo_t *si, void *ctx)
{
  (void) sig;
  (void) si;
  (void) ctx;
}

static void
set_action (int sig, void (*handler) (int), int flags)
{
  struct sigaction sa;
  memset (&sa, 0, sizeof sa);
  sa.sa_handler = handler;
  sa.sa_flags = flags;
  CHECK (sigaction (sig, &sa, NULL) == 0);
}

enum
{
  HANDLER_KEPT = 1,
  IGNORED_RESET = 2,
  NOCLDWAIT_KEPT = 4,
  GRANDCHILD_UNWAITABLE = 8,
  GRANDCHILD_FAILED = 16,
};

static int
child_body (void *arg)
{
  int *release = arg;
  close (release[1]);
  int bad = 0;
  struct sigaction old;
  if (sigaction (SIGUSR1, NULL, &old) != 0 || old.sa_handler != SIG_DFL)
    bad |= HANDLER_KEPT;
  if (sigaction (SIGPIPE, NULL, &old) != 0 || old.sa_handler != SIG_IGN)
    bad |= IGNORED_RESET;
  else
    /* Still ignored, so this does nothing.  */
    syscall (SYS_tgkill, syscall (SYS_getpid), syscall (SYS_gettid),
	     SIGPIPE);
  if (sigaction (SIGCHLD, NULL, &old) != 0
      || (old.sa_flags & SA_NOCLDWAIT) != 0)
    bad |= NOCLDWAIT_KEPT;

  /* A child of our own must be there to reap.  A raw fork, so that no
     libc state matters.  */
  long g = test_clone_syscall (SIGCHLD);
  if (g == 0)
    _exit (5);
  if (g < 0)
    bad |= GRANDCHILD_FAILED;
  else
    {
      int st;
      long r;
      do
	r = waitpid (g, &st, 0);
      while (r < 0 && errno == EINTR);
      if (r != g)
	bad |= GRANDCHILD_UNWAITABLE;
      else if (!WIFEXITED (st) || WEXITSTATUS (st) != 5)
	bad |= GRANDCHILD_FAILED;
    }

  /* Exit only once the parent can reap us again.  */
  char c;
  while (read (release[0], &c, 1) < 0 && errno == EINTR)
    ;
  return bad;
}

static int
do_test (void)
{
  int fds = test_count_fds ();
  struct sigaction sa;
  memset (&sa, 0, sizeof sa);
  sa.sa_sigaction = on_signal_info;
  sa.sa_flags = SA_SIGINFO;
  CHECK (sigaction (SIGUSR1, &sa, NULL) == 0);
  set_action (SIGPIPE, SIG_IGN, SA_SIGINFO);

  /* The kernel's view: SIGPIPE is ignored.  */
  CHECK (sigaction (SIGPIPE, NULL, &sa) == 0);
  CHECK (sa.sa_handler == SIG_IGN);
  CHECK ((sa.sa_flags & SA_SIGINFO) != 0);

  for (int w = TEST_CLONE3; w <= TEST_FORK_RAW; ++w)
    {
      int release[2];
      CHECK (pipe2 (release, O_CLOEXEC) == 0);
      struct clone_args a = test_args (CLONE_CLEAR_SIGHAND, SIGCHLD);
      /* SA_NOCLDWAIT only while the child is made: it would have our
	 own children reaped for us.  The child waits for RELEASE before
	 it exits.  */
      set_action (SIGCHLD, SIG_DFL, SA_NOCLDWAIT);
      pid_t pid = test_spawn (w, &a, child_body, release);
      int err = errno;
      set_action (SIGCHLD, SIG_DFL, 0);
      close (release[0]);
      close (release[1]);
      if (pid < 0)
	FAIL_EXIT ("%s (CLONE_CLEAR_SIGHAND): %s", test_names[w], strerror (err));

      int status;
      pid_t r;
      do
	r = waitpid (pid, &status, __WALL);
      while (r < 0 && errno == EINTR);
      CHECK_EQ (r, pid);
      if (WIFSIGNALED (status))
	FAIL_EXIT ("%s: the child died of signal %d (SIGPIPE is %d): an "
		   "ignored signal was reset to SIG_DFL", test_names[w],
		   WTERMSIG (status), SIGPIPE);
      CHECK (WIFEXITED (status));
      int bad = WEXITSTATUS (status);
      if (bad & HANDLER_KEPT)
	FAIL_EXIT ("%s: the SA_SIGINFO handler of SIGUSR1 was kept",
		   test_names[w]);
      if (bad & IGNORED_RESET)
	FAIL_EXIT ("%s: SIGPIPE, ignored with SA_SIGINFO, is no longer "
		   "ignored", test_names[w]);
      if (bad & (NOCLDWAIT_KEPT | GRANDCHILD_UNWAITABLE))
	FAIL_EXIT ("%s: SA_NOCLDWAIT of SIGCHLD was kept (flag %s, "
		   "grandchild %s)", test_names[w],
		   bad & NOCLDWAIT_KEPT ? "set" : "clear",
		   bad & GRANDCHILD_UNWAITABLE ? "auto-reaped" : "waitable");
      if (bad != 0)
	FAIL_EXIT ("%s: the child found problems %#x", test_names[w], bad);
    }

  errno = 0;
  CHECK (waitpid (-1, NULL, WNOHANG | __WALL) == -1 && errno == ECHILD);
  CHECK_EQ (test_count_fds (), fds);
  return 0;
}
