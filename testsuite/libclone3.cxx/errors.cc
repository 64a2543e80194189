/* Errors come back as std::error_code in the generic category, never
   as exceptions, with no child made and no descriptor leaked: a bad
   exit signal (EINVAL, from the kernel), too long a set_tid (EINVAL,
   from the builder), more set_tid entries than PID namespaces
   (EINVAL), a stack or a thread flag given to fork (EINVAL), a cgroup
   that is not a descriptor (EBADF); and on an empty or non-pidfd
   descriptor, send_signal and wait fail.  */
/* { dg-do run } */

#include "cxx-test.h"
#include "test-child.h"

#include <vector>

using libclone3::args_builder;

static void
check_refused (const char *what, const args_builder &b, int err)
{
  for (auto mode : { libclone3::fork_mode::fork, libclone3::fork_mode::raw })
    {
      auto r = libclone3::fork (b, mode);
      if (r.ok () && r.value.is_child ())
	_exit (99);
      if (r)
	FAIL_EXIT ("%s: fork succeeded (pid %d)", what, (int) r.value.pid);
      if (r.error != std::error_code (err, std::generic_category ()))
	FAIL_EXIT ("%s: %s, expected %s", what, r.error.message ().c_str (),
		   strerror (err));
      CHECK (r.error.category () == std::generic_category ());
      CHECK (!r.error.message ().empty ());
      CHECK_EQ (r.value.pid, 0);
      CHECK (!r.value.pidfd.valid ());
      test_expect_no_child ();
    }
  auto s = libclone3::spawn ("/bin/true", { "true" }, b);
  if (s.error != std::error_code (err, std::generic_category ()))
    FAIL_EXIT ("%s: spawn: %s, expected %s", what,
	       s.error.message ().c_str (), strerror (err));
  test_expect_no_child ();
}

static int
do_test (void)
{
  int fds = test_count_fds ();

  /* Past the kernel's _NSIG everywhere (MIPS has 128 signals).  */
  for (int sig : { -1, 129, 0x100, 1000 })
    {
      args_builder b;
      b.exit_signal (sig);
      char what[64];
      snprintf (what, sizeof what, "exit signal %d", sig);
      check_refused (what, b, EINVAL);
      /* Comparable with std::errc, as errno-based codes are.  */
      auto r = libclone3::fork (b);
      CHECK (r.error == std::errc::invalid_argument);
    }

  std::vector<pid_t> many (libclone3::max_set_tid + 1, 1);
  check_refused ("33 set_tid entries", args_builder ().set_tid (many),
		 EINVAL);
  check_refused ("2 set_tid entries, no new PID namespace",
		 args_builder ().set_tid ({ 1, 2 }), EINVAL);

  static char stack[4096];
  check_refused ("a stack", args_builder ().stack (stack, sizeof stack),
		 EINVAL);
  check_refused ("CLONE_VM", args_builder ().flags (CLONE_VM), EINVAL);
  check_refused ("CLONE_THREAD",
		 args_builder ().flags (CLONE_THREAD | CLONE_SIGHAND
					| CLONE_VM), EINVAL);
  check_refused ("a cgroup that is not open", args_builder ().cgroup (999),
		 EBADF);

  /* An empty pidfd, and a descriptor that is not a pidfd.  */
  libclone3::pidfd empty;
  CHECK_EC (empty.send_signal (0), EBADF);
  CHECK (!empty.wait ());
  CHECK_EC (empty.wait ().error, EINVAL);
  libclone3::pidfd null (open ("/dev/null", O_RDONLY | O_CLOEXEC));
  CHECK (null.valid ());
  CHECK_EC (null.send_signal (0), EBADF);
  CHECK_EC (null.wait ().error, EBADF);
  libclone3::pidfd negative (-7);
  CHECK (!negative.valid ());
  CHECK_EQ (negative.native_handle (), -1);

  /* A pidfd whose child has been reaped: ESRCH, then ECHILD.  */
  {
    auto c = libclone3::fork (args_builder (), [] { return 0; });
    CHECK (c.ok ());
    CHECK (c.value.wait ().ok ());
    CHECK_EC (c.value.send_signal (SIGTERM), ESRCH);
    CHECK_EC (c.value.wait ().error, ECHILD);
  }

  null.reset ();
  test_expect_no_child ();
  CHECK_EQ (test_count_fds (), fds);
  return 0;
}
