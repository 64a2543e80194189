/* clone3_fork with CLONE_VFORK suspends the caller until the child
   execs or exits: the child sleeps 100 ms, writes a byte to a pipe, and
   then _exits (status 7) or execs /bin/true; when clone3_fork returns in
   the parent at least 100 ms have passed and the byte is already in the
   pipe.  With SIGCHLD and with exit_signal 0 (which the relay strategy
   hands to emulate), with CLONE_PIDFD.  */
/* { dg-do run } */

#define CLONE3_TEST_TIMEOUT 30
#include "clone3-test.h"
#include "test-child.h"
#include "strategy-util.h"

#include <fcntl.h>
#include <poll.h>
#include <stdint.h>

#define SLEEP_MS 100

static void
one (int do_exec, unsigned long long exit_signal)
{
  const char *what = do_exec ? "exec" : "_exit";
  int fds[2];
  CHECK (pipe2 (fds, O_CLOEXEC) == 0);
  int pidfd = -1;
  struct clone_args a = test_args (CLONE_VFORK | CLONE_PIDFD, exit_signal);
  a.pidfd = (uintptr_t) &pidfd;
  long long t0 = test_now_ms ();
  pid_t pid = clone3_fork (&a, sizeof a);
  if (pid == 0)
    {
      test_sleep_ms (SLEEP_MS);
      if (write (fds[1], "x", 1) != 1)
	_exit (2);
      if (do_exec)
	{
	  execl ("/bin/true", "true", (char *) NULL);
	  _exit (127);
	}
      _exit (7);
    }
  long long waited = test_now_ms () - t0;
  if (pid < 0)
    FAIL_EXIT ("%s: clone3_fork: %s", what, strerror (errno));
  struct pollfd p = { fds[0], POLLIN, 0 };
  int ready = poll (&p, 1, 0);
  int status;
  if (!test_wait_bounded (pid, 5000, &status))
    FAIL_EXIT ("%s: the child hung", what);
  close (fds[0]);
  close (fds[1]);
  close (pidfd);
  if (waited < SLEEP_MS)
    FAIL_EXIT ("%s, exit_signal %llu: clone3_fork returned after %lld ms, "
	       "before the child could exec or exit (it slept %d ms)", what,
	       exit_signal, waited, SLEEP_MS);
  if (ready != 1)
    FAIL_EXIT ("%s, exit_signal %llu: the child's write before %s is not "
	       "in the pipe when clone3_fork returns", what, exit_signal,
	       what);
  if (!WIFEXITED (status) || WEXITSTATUS (status) != (do_exec ? 0 : 7))
    FAIL_EXIT ("%s: child status %#x", what, status);
}

static int
do_test (void)
{
  int fds_before = test_count_fds ();
  one (0, SIGCHLD);
  one (1, SIGCHLD);
  one (0, 0);
  one (1, 0);
  CHECK_EQ (test_count_fds (), fds_before);
  return 0;
}
