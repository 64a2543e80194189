/* libclone3::spawn: /bin/true exits 0 and /bin/false 1, seen through
   the pidfd; the arguments and the environment given reach the
   program; a program killed through send_signal reports the signal;
   a missing program is ENOENT and a file that cannot be executed
   EACCES, each with the child reaped; the atfork handlers do not run
   (spawn forks raw); the builder's exit signal and cgroup-less flags
   are honoured.  No descriptor leaks.  */
/* { dg-do run } */

#include "cxx-test.h"
#include "test-child.h"

#include <pthread.h>

using libclone3::args_builder;

static volatile sig_atomic_t prepared;

static void
on_prepare (void)
{
  prepared = 1;
}

static int
run_status (const char *path, std::initializer_list<const char *> argv,
	    const args_builder &b = args_builder ())
{
  auto [c, ec] = libclone3::spawn (path, argv, b);
  if (ec)
    FAIL_EXIT ("spawn %s: %s", path, ec.message ().c_str ());
  CHECK (c.pid > 0);
  CHECK_EQ (test_fdinfo_pid (c.pidfd.native_handle ()), c.pid);
  auto w = c.wait ();
  CHECK (w.ok ());
  CHECK_EQ (w.value.pid, c.pid);
  if (!w.value.exited ())
    FAIL_EXIT ("%s did not exit: code %d status %d", path, w.value.code,
	       w.value.status);
  return w.value.exit_status ();
}

static int
do_test (void)
{
  CHECK_EQ (pthread_atfork (on_prepare, NULL, NULL), 0);
  int fds = test_count_fds ();

  CHECK_EQ (run_status ("/bin/true", { "true" }), 0);
  CHECK_EQ (run_status ("/bin/false", { "false" }), 1);
  CHECK_EQ (run_status ("/bin/sh", { "sh", "-c", "exit $1", "sh", "42" }),
	    42);
  /* exit signal 0: the pidfd still waits for it.  */
  CHECK_EQ (run_status ("/bin/false", { "false" },
			args_builder ().exit_signal (0)), 1);
  CHECK_EQ (run_status ("/bin/true", { "true" },
			args_builder ().flags (CLONE_VFORK)), 0);
  CHECK_EQ (prepared, 0);

  /* The array form, with an environment of our own.  */
  {
    const char *argv[] = { "sh", "-c", "test \"$LIBCLONE3\" = yes", NULL };
    const char *envp[] = { "LIBCLONE3=yes", NULL };
    auto r = libclone3::spawn ("/bin/sh", const_cast<char **> (argv),
			       const_cast<char **> (envp));
    CHECK (r.ok ());
    CHECK_EQ (r.value.wait ().value.exit_status (), 0);
    envp[0] = "LIBCLONE3=no";
    r = libclone3::spawn ("/bin/sh", const_cast<char **> (argv),
			  const_cast<char **> (envp));
    CHECK (r.ok ());
    CHECK_EQ (r.value.wait ().value.exit_status (), 1);
  }

  /* Killed through the pidfd.  */
  {
    auto [c, ec] = libclone3::spawn ("/bin/sleep", { "sleep", "60" });
    CHECK (!ec);
    CHECK (!test_poll_in (c.pidfd.native_handle (), 0));
    CHECK_EC (c.send_signal (SIGTERM), 0);
    CHECK (test_poll_in (c.pidfd.native_handle (), 10000));
    auto w = c.wait ();
    CHECK (w.ok ());
    CHECK (w.value.signaled ());
    CHECK_EQ (w.value.term_signal (), SIGTERM);
  }

  /* Exec failures come back as the exec's errno, with no child left.  */
  {
    auto r = libclone3::spawn ("/nonexistent/libclone3", { "x" });
    CHECK (!r);
    CHECK_EC (r.error, ENOENT);
    CHECK (!r.value.pidfd.valid ());
    test_expect_no_child ();
    r = libclone3::spawn ("/dev/null", { "null" });
    CHECK_EC (r.error, EACCES);
    test_expect_no_child ();
    CHECK_EC (libclone3::spawn (NULL, { "x" }).error, EINVAL);
    CHECK_EC (libclone3::spawn ("/bin/true", NULL, NULL).error, EINVAL);
  }

  CHECK_EQ (prepared, 0);
  test_expect_no_child ();
  CHECK_EQ (test_count_fds (), fds);
  return 0;
}
