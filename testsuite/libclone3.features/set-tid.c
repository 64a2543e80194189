/* set_tid through clone3, clone3_fork and clone3_fork_raw, with
   privilege: the child gets exactly the PID asked for (returned to the
   parent and seen by the child), a PID in use (our own) gives EEXIST, one
   at pid_max EINVAL, and an unreadable set_tid array EFAULT.  Without
   clone3 the same unreadable array still gives EFAULT, and every other
   set_tid request fails with ENOSYS; no request that fails makes a child.
   Against a patched C library (testsuite/lib/glibc/clone3.h), which does
   not check the pointers it is handed, the unreadable array without
   clone3 is ENOSYS, like any other set_tid there: only the kernel reads
   it.  The unprivileged case (EPERM) is set-tid-eperm.c.  */
/* { dg-do run } */

#include "clone3-test.h"
#include "test-child.h"
#include "test-system.h"

#include <stdint.h>
#include <sys/mman.h>

/* Exit 0 if the child runs with the PID in *ARG.  */
static int
check_own_pid (void *arg)
{
  pid_t want = *(pid_t *) arg;
  if (getpid () != want)
    return 1;
  if (gettid () != want)
    return 2;
  return 0;
}

static void
check_no_child (const char *what)
{
  errno = 0;
  if (!(waitpid (-1, NULL, WNOHANG | __WALL) == -1 && errno == ECHILD))
    FAIL_EXIT ("%s: an unexpected child exists", what);
}

#define EXPECT_ERR(w, a, err)						\
  do									\
    {									\
      errno = 0;							\
      pid_t r_ = test_spawn ((w), (a), check_own_pid, &tid);			\
      int e_ = errno;							\
      if (r_ > 0)							\
	test_wait_exit (r_);						\
      if (r_ != -1 || e_ != (err))					\
	FAIL_EXIT ("%s, %s: returned %d, errno %d (%s); expected %s",	\
		   test_names[w], what, (int) r_, e_, strerror (e_), #err);	\
      check_no_child (what);						\
    }									\
  while (0)

static int
do_test (void)
{
  if (!clone3_test_enosys && !test_privileged ())
    UNSUPPORTED ("set_tid needs CAP_CHECKPOINT_RESTORE (run as root)");
  int fds = test_count_fds ();
  long pid_max = test_read_long ("/proc/sys/kernel/pid_max");
  long page = sysconf (_SC_PAGESIZE);
  /* Unreadable, and kept mapped so that no later mapping (the
     library's own, say) can take its place.  */
  char *unreadable = mmap (NULL, page, PROT_NONE,
			   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK (unreadable != MAP_FAILED);
  const char *what;
  pid_t tid;

  for (int w = TEST_CLONE3; w <= TEST_FORK_RAW; ++w)
    {
      struct clone_args a = test_args (0, SIGCHLD);
      a.set_tid = (uintptr_t) &tid;
      a.set_tid_size = 1;

      /* Argument checks come first, with or without clone3.  */
      what = "set_tid unreadable";
      a.set_tid = (uintptr_t) unreadable;
#ifdef CLONE3_TEST_GLIBC
      if (clone3_test_enosys)
	EXPECT_ERR (w, &a, ENOSYS);
      else
#endif
	EXPECT_ERR (w, &a, EFAULT);
      a.set_tid = (uintptr_t) &tid;

      if (clone3_test_enosys)
	{
	  what = "a free PID, without clone3";
	  tid = test_free_pid (w);
	  EXPECT_ERR (w, &a, ENOSYS);
	  what = "our own PID, without clone3";
	  tid = getpid ();
	  EXPECT_ERR (w, &a, ENOSYS);
	  continue;
	}

      what = "our own PID";
      tid = getpid ();
      EXPECT_ERR (w, &a, EEXIST);
      what = "pid_max";
      tid = pid_max;
      EXPECT_ERR (w, &a, EINVAL);

      /* The exact PID; another process may take it first.  */
      pid_t pid = -1;
      int err = 0;
      for (int attempt = 0; attempt < 10; ++attempt)
	{
	  tid = test_free_pid (10 * w + attempt);
	  errno = 0;
	  pid = test_spawn (w, &a, check_own_pid, &tid);
	  err = errno;
	  if (pid >= 0 || err != EEXIST)
	    break;
	}
      if (pid < 0)
	FAIL_EXIT ("%s, set_tid %d: %s", test_names[w], (int) tid,
		   strerror (err));
      if (pid != tid)
	{
	  test_wait_exit (pid);
	  FAIL_EXIT ("%s: asked for PID %d, got %d", test_names[w], (int) tid,
		     (int) pid);
	}
      int st = test_wait_exit (pid);
      if (st != 0)
	FAIL_EXIT ("%s: the child did not see PID %d as its %s", test_names[w],
		   (int) tid, st == 1 ? "PID" : "TID");
      check_no_child ("after the exact PID");
    }

  CHECK_EQ (test_count_fds (), fds);
  return 0;
}
