/* libclone3::fork, with fork () semantics and raw: the child gets pid 0
   and no pidfd, its own PID and the atfork child handlers (not in raw
   mode); the parent gets the PID and a pidfd for it, and the child's
   status through it, also with exit signal 0 (no SIGCHLD), with
   CLONE_VFORK (the parent resumes only once the child has ended), and
   with a callable returning int or void.  No descriptor leaks.  */
/* { dg-do run } */

#include "cxx-test.h"
#include "test-child.h"

#include <pthread.h>

using libclone3::args_builder;
using libclone3::fork_mode;

static volatile sig_atomic_t atfork_child;

static void
on_child (void)
{
  atfork_child = 1;
}

static volatile sig_atomic_t sigchld;

static void
on_sigchld (int sig)
{
  (void) sig;
  sigchld = 1;
}

static int
do_test (void)
{
  CHECK_EQ (pthread_atfork (NULL, NULL, on_child), 0);
  struct sigaction sa = {};
  sa.sa_handler = on_sigchld;
  CHECK_EQ (sigaction (SIGCHLD, &sa, NULL), 0);
  int fds = test_count_fds ();
  pid_t self = getpid ();

  for (fork_mode mode : { fork_mode::fork, fork_mode::raw })
    {
      const char *name = mode == fork_mode::fork ? "fork" : "raw";

      /* Both paths of the returning form.  */
      atfork_child = 0;
      auto r = libclone3::fork (args_builder (), mode);
      if (!r)
	FAIL_EXIT ("%s: %s", name, r.error.message ().c_str ());
      if (r.value.is_child ())
	{
	  int bad = 0;
	  if (r.value.pid != 0 || r.value.pidfd.valid ())
	    bad |= 1;
	  if (getpid () == self || getppid () != self)
	    bad |= 2;
	  if (atfork_child != (mode == fork_mode::fork))
	    bad |= 4;
	  _exit (bad == 0 ? 33 : 100 + bad);
	}
      CHECK (r.value.pid > 0);
      CHECK (r.value.pidfd.valid ());
      CHECK_EQ (test_fdinfo_pid (r.value.pidfd.native_handle ()), r.value.pid);
      CHECK_EQ (atfork_child, 0);
      auto w = r.value.wait ();
      CHECK (w.ok ());
      CHECK_EQ (w.value.pid, r.value.pid);
      if (w.value.exit_status () != 33)
	FAIL_EXIT ("%s: child reported %d (100 + 1: pid/pidfd, 2: PIDs, "
		   "4: atfork)", name, w.value.exit_status ());

      /* A callable returning int; no SIGCHLD with exit signal 0.  */
      sigchld = 0;
      auto c = libclone3::fork (args_builder ().exit_signal (0),
				[] { return 17; }, mode);
      CHECK (c.ok ());
      auto wc = c.value.wait ();
      CHECK (wc.ok ());
      CHECK_EQ (wc.value.exit_status (), 17);
      CHECK_EQ (sigchld, 0);

      /* A callable returning void exits with 0; SIGCHLD by default.  */
      auto v = libclone3::fork (args_builder (), [] { }, mode);
      CHECK (v.ok ());
      auto wv = v.value.wait ();
      CHECK_EQ (wv.value.exit_status (), 0);
      CHECK_EQ (sigchld, 1);

      /* CLONE_VFORK: the parent resumes only once the child is done
	 (what it wrote, late, is there).  */
      int p[2];
      CHECK_EQ (pipe2 (p, O_CLOEXEC | O_NONBLOCK), 0);
      auto vf = libclone3::fork (args_builder ().flags (CLONE_VFORK), [&]
	{
	  usleep (100000);
	  return write (p[1], "v", 1) == 1 ? 5 : 6;
	}, mode);
      CHECK (vf.ok ());
      char byte = 0;
      CHECK_EQ (read (p[0], &byte, 1), 1);
      CHECK_EQ (byte, 'v');
      close (p[0]);
      close (p[1]);
      CHECK (test_poll_in (vf.value.pidfd.native_handle (), 10000));
      CHECK_EQ (vf.value.wait ().value.exit_status (), 5);

      /* Four children, four pidfds, closed as the results go.  */
      CHECK_EQ (test_count_fds (), fds + 4);
    }
  CHECK_EQ (test_count_fds (), fds);

  test_expect_no_child ();
  return 0;
}
