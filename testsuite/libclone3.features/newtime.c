/* CLONE_NEWTIME through clone3, clone3_fork and clone3_fork_raw: with
   clone3 and privilege, the child is in a new time namespace (its
   /proc/self/ns/time differs from the parent's) and the parent's own
   stays as it was.  Without clone3 (the legacy clone call has no room for
   the flag) each request fails with ENOSYS and makes no child.  The
   clone3 case needs CAP_SYS_ADMIN (root).  */
/* { dg-do run } */

#include "clone3-test.h"
#include "test-child.h"
#include "test-system.h"

#include <sys/stat.h>

static ino_t parent_timens;

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
  ino_t mine = ns_ino ("/proc/self/ns/time");
  if (mine == 0)
    return 2;
  return mine == parent_timens;
}

static int
do_test (void)
{
  int fds = test_count_fds ();
  parent_timens = ns_ino ("/proc/self/ns/time");
  if (parent_timens == 0)
    UNSUPPORTED ("no /proc/self/ns/time: the kernel has no time "
		 "namespaces");
  if (!clone3_test_enosys && !test_privileged ())
    UNSUPPORTED ("CLONE_NEWTIME needs CAP_SYS_ADMIN (run as root)");

  for (int w = TEST_CLONE3; w <= TEST_FORK_RAW; ++w)
    {
      struct clone_args a = test_args (CLONE_NEWTIME, SIGCHLD);
      errno = 0;
      pid_t pid = test_spawn (w, &a, child_body, NULL);
      int err = errno;
      if (clone3_test_enosys)
	{
	  if (pid > 0)
	    test_wait_exit (pid);
	  if (pid != -1 || err != ENOSYS)
	    FAIL_EXIT ("%s (CLONE_NEWTIME) without clone3: returned %d, "
		       "errno %s; expected ENOSYS", test_names[w], (int) pid,
		       strerror (err));
	}
      else
	{
	  if (pid < 0)
	    FAIL_EXIT ("%s (CLONE_NEWTIME): %s", test_names[w], strerror (err));
	  int st = test_wait_exit (pid);
	  if (st == 1)
	    FAIL_EXIT ("%s: the child is in the parent's time namespace",
		       test_names[w]);
	  if (st != 0)
	    FAIL_EXIT ("%s: the child exited with %d", test_names[w], st);
	}
      errno = 0;
      CHECK (waitpid (-1, NULL, WNOHANG | __WALL) == -1 && errno == ECHILD);
      CHECK_EQ (ns_ino ("/proc/self/ns/time"), parent_timens);
      CHECK_EQ (ns_ino ("/proc/self/ns/time_for_children"), parent_timens);
    }

  CHECK_EQ (test_count_fds (), fds);
  return 0;
}
