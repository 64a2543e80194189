/* CLONE_NEWPID through clone3, clone3_fork and clone3_fork_raw, with and
   without clone3: the child is PID 1 (and TID 1) of a new PID namespace
   with no parent visible in it, while the parent gets its PID in the
   parent's namespace, different from its own; the child's
   /proc/self/ns/pid differs from the parent's, which stays as it was
   (pid_for_children too).  Needs CAP_SYS_ADMIN (root).  */
/* { dg-do run } */

#include "clone3-test.h"
#include "test-child.h"
#include "test-system.h"

#include <sys/stat.h>

static ino_t parent_pidns;

static ino_t
ns_ino (const char *file)
{
  struct stat st;
  if (stat (file, &st) != 0)
    return 0;
  return st.st_ino;
}

static int
child_body (void *arg)
{
  (void) arg;
  if (getpid () != 1)
    return 1;
  if (gettid () != 1)
    return 2;
  if (getppid () != 0)
    return 3;
  /* /proc is the parent's, but self and ns/ still lead to our own
     namespace.  */
  ino_t mine = ns_ino ("/proc/self/ns/pid");
  if (mine == 0 || mine == parent_pidns)
    return 4;
  return 0;
}

static int
do_test (void)
{
  if (!test_privileged ())
    UNSUPPORTED ("CLONE_NEWPID needs CAP_SYS_ADMIN (run as root)");
  int fds = test_count_fds ();
  parent_pidns = ns_ino ("/proc/self/ns/pid");
  CHECK (parent_pidns != 0);

  for (int w = TEST_CLONE3; w <= TEST_FORK_RAW; ++w)
    {
      struct clone_args a = test_args (CLONE_NEWPID, SIGCHLD);
      pid_t pid = test_spawn (w, &a, child_body, NULL);
      if (pid < 0)
	FAIL_EXIT ("%s (CLONE_NEWPID): %s", test_names[w], strerror (errno));
      CHECK (pid != 1);
      CHECK (pid != getpid ());
      int st = test_wait_exit (pid);
      switch (st)
	{
	case 0:
	  break;
	case 1:
	  FAIL_EXIT ("%s: the child's getpid () is not 1", test_names[w]);
	case 2:
	  FAIL_EXIT ("%s: the child's gettid () is not 1", test_names[w]);
	case 3:
	  FAIL_EXIT ("%s: the child sees a parent in its namespace",
		     test_names[w]);
	case 4:
	  FAIL_EXIT ("%s: the child's /proc/self/ns/pid is the parent's",
		     test_names[w]);
	default:
	  FAIL_EXIT ("%s: the child exited with %d", test_names[w], st);
	}
      /* Ours is unchanged.  */
      CHECK_EQ (ns_ino ("/proc/self/ns/pid"), parent_pidns);
      CHECK_EQ (ns_ino ("/proc/self/ns/pid_for_children"), parent_pidns);
    }

  errno = 0;
  CHECK (waitpid (-1, NULL, WNOHANG | __WALL) == -1 && errno == ECHILD);
  CHECK_EQ (test_count_fds (), fds);
  return 0;
}
