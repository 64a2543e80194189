/* Requests the legacy clone system call cannot express fail with ENOSYS
   on the fallback path, through all three functions and with no child,
   and are carried out with clone3: CLONE_INTO_CGROUP, set_tid,
   CLONE_NEWTIME, and CLONE_PIDFD together with CLONE_PARENT_SETTID.  */
/* { dg-do run } */

#include "clone3-test.h"
#include "test-child.h"
#include "test-system.h"
#include "test-cgroup.h"

#include <stdint.h>

static int
child_fn (void *arg)
{
  (void) arg;
  return 0;
}

static pid_t
call (enum test_which w, struct clone_args *a)
{
  pid_t r;
  if (w == TEST_CLONE3)
    return clone3 (a, sizeof *a, child_fn, NULL);
  r = w == TEST_FORK ? clone3_fork (a, sizeof *a) : clone3_fork_raw (a, sizeof *a);
  if (r == 0)
    _exit (0);
  return r;
}

/* Carried out with clone3; ENOSYS without.  */
static void
expect (enum test_which w, struct clone_args *a, const char *what)
{
  errno = 0;
  pid_t r = call (w, a);
  int e = errno;
  if (clone3_test_enosys)
    {
      if (r != -1 || e != ENOSYS)
	FAIL_EXIT ("%s, %s: returned %d, errno %s; expected ENOSYS",
		   test_names[w], what, (int) r, strerror (e));
    }
  else
    {
      if (r <= 0)
	FAIL_EXIT ("%s, %s: failed with %s", test_names[w], what, strerror (e));
      CHECK_EQ (test_wait_exit (r), 0);
    }
}

static int
do_test (void)
{
  if (!test_privileged ())
    UNSUPPORTED ("set_tid, CLONE_NEWTIME and CLONE_INTO_CGROUP need root");
  int fds = test_count_fds ();

  for (int w = TEST_CLONE3; w <= TEST_FORK_RAW; ++w)
    {
      struct clone_args a = test_args (CLONE_NEWTIME, SIGCHLD);
      /* A kernel without time namespaces refuses the flag itself.  */
      if (access ("/proc/self/ns/time", F_OK) == 0)
	expect (w, &a, "CLONE_NEWTIME");
      else
	printf ("CLONE_NEWTIME not checked: no time namespaces\n");

      pid_t tid = test_free_pid (0);
      CHECK (tid > 0);
      a = test_args (0, SIGCHLD);
      a.set_tid = (uintptr_t) &tid;
      a.set_tid_size = 1;
      expect (w, &a, "set_tid");

      int pidfd = -1;
      pid_t ptid = 0;
      a = test_args (CLONE_PIDFD | CLONE_PARENT_SETTID, SIGCHLD);
      a.pidfd = (uintptr_t) &pidfd;
      a.parent_tid = (uintptr_t) &ptid;
      expect (w, &a, "CLONE_PIDFD | CLONE_PARENT_SETTID");
      if (clone3_test_enosys)
	CHECK (pidfd == -1 && ptid == 0);
      else
	{
	  CHECK (pidfd >= 0 && ptid > 0);
	  close (pidfd);
	}

      char path[1200];
      const char *why;
      int cg = test_cgroup_leaf (path, sizeof path, &why);
      if (cg >= 0)
	{
	  a = test_args (CLONE_INTO_CGROUP, SIGCHLD);
	  a.cgroup = (unsigned int) cg;
	  expect (w, &a, "CLONE_INTO_CGROUP");
	  test_cgroup_remove (path, cg);
	}
      else
	printf ("CLONE_INTO_CGROUP not checked: %s\n", why);
    }

  errno = 0;
  CHECK (waitpid (-1, NULL, WNOHANG | __WALL) == -1 && errno == ECHILD);
  CHECK_EQ (test_count_fds (), fds);
  return 0;
}
