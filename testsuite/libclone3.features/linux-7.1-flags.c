/* Linux 7.1's clone3 flags through clone3, clone3_fork and
   clone3_fork_raw.  Each flag is first tried with the raw system call,
   so the kernel says whether it has it.
   - CLONE_AUTOREAP: the child never becomes a zombie (waitpid says
     ECHILD once it has ended); its exit status, and a signalled end,
     are read through its pidfd (PIDFD_GET_INFO); with an exit signal it
     is the kernel's EINVAL, as with CLONE_THREAD (callback form).
   - CLONE_NNP: the child has no_new_privs, the parent does not.
   - CLONE_PIDFD_AUTOKILL (with CLONE_PIDFD and CLONE_AUTOREAP, as the
     kernel requires; without them its EINVAL): closing a duplicate of
     the pidfd leaves the child alone, closing the last reference kills
     it with SIGKILL.
   - CLONE_EMPTY_MNTNS (root only): the child's mount table is empty
     (no /proc mounted), the parent's unchanged.
   - Combined with CLONE_PIDFD and CLONE_INTO_CGROUP: CLONE_NNP |
     CLONE_AUTOREAP child placed in a fresh cgroup2 leaf.
   A kernel without a flag gives its EINVAL through all three.  Without
   clone3 (the ENOSYS variant) each fails with ENOSYS: legacy clone
   cannot carry them.  No child is left behind, no descriptor leaks.  */
/* { dg-do run } */

#include "clone3-test.h"
#include "test-child.h"
#include "test-system.h"
#include "test-cgroup.h"

#include <poll.h>
#include <stdint.h>
#include <sys/ioctl.h>

#ifndef SYS_pidfd_open
# define SYS_pidfd_open 434
#endif

/* The kernel's struct pidfd_info, first version (Linux 6.13).  */
struct test_pidfd_info
{
  uint64_t mask;
  uint64_t cgroupid;
  uint32_t pid, tgid, ppid, ruid, rgid, euid, egid, suid, sgid, fsuid, fsgid;
  int32_t exit_code;
  uint32_t coredump_mask;
  uint32_t spare1;
};
#define TEST_PIDFD_GET_INFO _IOWR (0xFF, 11, struct test_pidfd_info)
#define TEST_PIDFD_INFO_EXIT (1ULL << 3)

/* What the child of a request does.  */
enum body { BODY_EXIT7, BODY_SIGTERM, BODY_NNP, BODY_WAIT, BODY_EMPTY_NS,
	    BODY_PIPE_NNP };

static int child_pipe = -1;

static int
run_body (void *arg)
{
  switch (*(enum body *) arg)
    {
    case BODY_EXIT7:
      return 7;
    case BODY_SIGTERM:
      signal (SIGTERM, SIG_DFL);
      raise (SIGTERM);
      return 1;
    case BODY_NNP:
      return prctl (PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1 ? 0 : 1;
    case BODY_WAIT:
      for (;;)
	pause ();
    case BODY_EMPTY_NS:
      {
	/* With nothing mounted on /proc, it is the root's directory.  */
	struct stat root, proc;
	if (stat ("/", &root) != 0)
	  return 2;
	if (stat ("/proc", &proc) != 0)
	  return 0;
	return root.st_dev == proc.st_dev ? 0 : 1;
      }
    case BODY_PIPE_NNP:
      {
	char c;
	if (read (child_pipe, &c, 1) != 1)
	  return 3;
	return prctl (PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1 ? 0 : 1;
      }
    }
  return 4;
}

static char child_stack[64 * 1024] __attribute__ ((aligned (16)));

/* Make a child through W with A that runs BODY.  */
static pid_t
spawn (enum test_which w, struct clone_args *a, enum body body)
{
  static enum body b;
  b = body;
  return test_spawn (w, a, run_body, &b);
}

static void
check_no_child (const char *what)
{
  errno = 0;
  if (!(waitpid (-1, NULL, WNOHANG | __WALL) == -1 && errno == ECHILD))
    FAIL_EXIT ("%s: a child is left", what);
}

static int
poll_in (int fd, int timeout_ms)
{
  struct pollfd p = { .fd = fd, .events = POLLIN };
  int r;
  do
    r = poll (&p, 1, timeout_ms);
  while (r < 0 && errno == EINTR);
  CHECK (r >= 0);
  return r == 1;
}

/* The wait status of the ended, reaped child of PIDFD.  */
static int
pidfd_exit_status (int pidfd)
{
  if (!poll_in (pidfd, CLONE3_TEST_TIMEOUT * 1000))
    FAIL_EXIT ("the child of pidfd %d did not end", pidfd);
  /* The exit status is recorded as the child is reaped, just after the
     pidfd is woken.  */
  for (int i = 0; i < 5000; ++i)
    {
      struct test_pidfd_info info;
      memset (&info, 0, sizeof info);
      info.mask = TEST_PIDFD_INFO_EXIT;
      if (ioctl (pidfd, TEST_PIDFD_GET_INFO, &info) != 0)
	{
	  if (errno != ESRCH)
	    FAIL_EXIT ("PIDFD_GET_INFO: %s", strerror (errno));
	}
      else if ((info.mask & TEST_PIDFD_INFO_EXIT) != 0)
	return info.exit_code;
      usleep (1000);
    }
  FAIL_EXIT ("PIDFD_GET_INFO gives no exit status for an ended child");
}

/* Whether the raw system call takes FLAGS (with EXIT_SIGNAL and a
   pidfd): the kernel has the flag.  A child it makes exits at once.  */
static int
kernel_takes (unsigned long long flags, unsigned long long exit_signal)
{
  int pidfd = -1;
  struct clone_args a = test_args (flags | CLONE_PIDFD, exit_signal);
  a.pidfd = (uintptr_t) &pidfd;
  long r = syscall (SYS_clone3, &a, sizeof a);
  if (r == 0)
    _exit (0);
  if (r < 0)
    {
      if (errno != EINVAL)
	FAIL_EXIT ("raw clone3 with %#llx: %s", flags, strerror (errno));
      return 0;
    }
  if ((flags & CLONE_AUTOREAP) != 0)
    pidfd_exit_status (pidfd);
  else
    test_wait (r);
  close (pidfd);
  return 1;
}

/* The request through W must fail with ERR, with no child.  */
static void
expect_error (enum test_which w, struct clone_args *a, int err,
	      const char *what)
{
  errno = 0;
  pid_t r = spawn (w, a, BODY_EXIT7);
  int e = errno;
  if (r > 0)
    {
      test_wait (r);
      FAIL_EXIT ("%s: %s made a child, expected %s", test_names[w], what,
		 strerror (err));
    }
  if (r != -1 || e != err)
    FAIL_EXIT ("%s: %s: %d, errno %s, expected %s", test_names[w], what,
	       (int) r, strerror (e), strerror (err));
  check_no_child (what);
}

static void
test_autoreap (enum test_which w)
{
  const char *n = test_names[w];
  int pidfd = -1;
  struct clone_args a = test_args (CLONE_AUTOREAP | CLONE_PIDFD, 0);
  a.pidfd = (uintptr_t) &pidfd;
  pid_t pid = spawn (w, &a, BODY_EXIT7);
  CHECK (pid > 0);
  int status = pidfd_exit_status (pidfd);
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 7)
    FAIL_EXIT ("%s: CLONE_AUTOREAP child's status %#x, expected exit 7", n,
	       status);
  errno = 0;
  if (waitpid (pid, NULL, WNOHANG | __WALL) != -1 || errno != ECHILD)
    FAIL_EXIT ("%s: CLONE_AUTOREAP child %d can be waited for", n, (int) pid);
  close (pidfd);

  pidfd = -1;
  pid = spawn (w, &a, BODY_SIGTERM);
  CHECK (pid > 0);
  status = pidfd_exit_status (pidfd);
  if (!WIFSIGNALED (status) || WTERMSIG (status) != SIGTERM)
    FAIL_EXIT ("%s: CLONE_AUTOREAP child's status %#x, expected SIGTERM", n,
	       status);
  close (pidfd);

  a.exit_signal = SIGCHLD;
  expect_error (w, &a, EINVAL, "CLONE_AUTOREAP with SIGCHLD");
  if (w == TEST_CLONE3)
    {
      struct clone_args t = test_args (CLONE_AUTOREAP | CLONE_THREAD
				       | CLONE_SIGHAND | CLONE_VM, 0);
      t.stack = (uintptr_t) child_stack;
      t.stack_size = sizeof child_stack;
      expect_error (w, &t, EINVAL, "CLONE_AUTOREAP with CLONE_THREAD");
    }
}

static void
test_nnp (enum test_which w)
{
  struct clone_args a = test_args (CLONE_NNP, SIGCHLD);
  pid_t pid = spawn (w, &a, BODY_NNP);
  CHECK (pid > 0);
  if (test_wait_exit (pid) != 0)
    FAIL_EXIT ("%s: CLONE_NNP child has no no_new_privs", test_names[w]);
  CHECK_EQ (prctl (PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0), 0);
}

static void
test_autokill (enum test_which w)
{
  const char *n = test_names[w];
  int pidfd = -1;
  struct clone_args a = test_args (CLONE_PIDFD_AUTOKILL | CLONE_AUTOREAP
				   | CLONE_PIDFD, 0);
  a.pidfd = (uintptr_t) &pidfd;
  pid_t pid = spawn (w, &a, BODY_WAIT);
  CHECK (pid > 0);
  /* A pidfd of its own, to watch the child with.  */
  int watch = syscall (SYS_pidfd_open, pid, 0);
  CHECK (watch >= 0);
  int dup_fd = dup (pidfd);
  CHECK (dup_fd >= 0);
  CHECK (close (dup_fd) == 0);
  if (poll_in (watch, 200))
    FAIL_EXIT ("%s: closing a duplicate of the pidfd ended the child", n);
  CHECK (close (pidfd) == 0);
  int status = pidfd_exit_status (watch);
  if (!WIFSIGNALED (status) || WTERMSIG (status) != SIGKILL)
    FAIL_EXIT ("%s: CLONE_PIDFD_AUTOKILL child's status %#x, expected "
	       "SIGKILL", n, status);
  close (watch);

  pidfd = -1;
  a.flags = CLONE_PIDFD_AUTOKILL | CLONE_PIDFD;
  expect_error (w, &a, EINVAL, "CLONE_PIDFD_AUTOKILL without CLONE_AUTOREAP");
  a.flags = CLONE_PIDFD_AUTOKILL;
  expect_error (w, &a, EINVAL, "CLONE_PIDFD_AUTOKILL alone");
  CHECK_EQ (pidfd, -1);
}

static void
test_empty_mntns (enum test_which w)
{
  struct clone_args a = test_args (CLONE_EMPTY_MNTNS, SIGCHLD);
  pid_t pid = spawn (w, &a, BODY_EMPTY_NS);
  CHECK (pid > 0);
  int st = test_wait_exit (pid);
  if (st != 0)
    FAIL_EXIT ("%s: CLONE_EMPTY_MNTNS child sees mounts (%d)",
	       test_names[w], st);
  struct stat root, proc;
  CHECK (stat ("/", &root) == 0 && stat ("/proc", &proc) == 0);
  if (root.st_dev == proc.st_dev)
    FAIL_EXIT ("the parent lost its /proc mount");
}

static void
test_combined (enum test_which w, int leaf_fd, const char *leaf)
{
  int p[2];
  CHECK (pipe (p) == 0);
  child_pipe = p[0];
  int pidfd = -1;
  struct clone_args a = test_args (CLONE_NNP | CLONE_AUTOREAP | CLONE_PIDFD
				   | CLONE_INTO_CGROUP, 0);
  a.pidfd = (uintptr_t) &pidfd;
  a.cgroup = leaf_fd;
  pid_t pid = spawn (w, &a, BODY_PIPE_NNP);
  CHECK (pid > 0);
  if (!test_cgroup_has (leaf, pid))
    FAIL_EXIT ("%s: child %d is not in %s", test_names[w], (int) pid, leaf);
  CHECK (write (p[1], "x", 1) == 1);
  int status = pidfd_exit_status (pidfd);
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    FAIL_EXIT ("%s: NNP|AUTOREAP|INTO_CGROUP child's status %#x",
	       test_names[w], status);
  close (pidfd);
  close (p[0]);
  close (p[1]);
}

static int
do_test (void)
{
  int fds = test_count_fds ();
  if (clone3_test_enosys)
    {
      static const unsigned long long flags[]
	= { CLONE_AUTOREAP, CLONE_NNP, CLONE_PIDFD_AUTOKILL | CLONE_AUTOREAP,
	    CLONE_EMPTY_MNTNS };
      for (int w = TEST_CLONE3; w <= TEST_FORK_RAW; ++w)
	for (size_t i = 0; i < sizeof flags / sizeof flags[0]; ++i)
	  {
	    int pidfd = -1;
	    struct clone_args a
	      = test_args (flags[i] | CLONE_PIDFD,
			   (flags[i] & CLONE_AUTOREAP) ? 0 : SIGCHLD);
	    a.pidfd = (uintptr_t) &pidfd;
	    expect_error (w, &a, ENOSYS, "a Linux 7.1 flag without clone3");
	    CHECK_EQ (pidfd, -1);
	  }
      CHECK_EQ (test_count_fds (), fds);
      return 0;
    }
  if (!test_kernel_has_clone3 ())
    UNSUPPORTED ("the kernel has no clone3");
  if (prctl (PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 0)
    UNSUPPORTED ("this process already has no_new_privs");

  int autoreap = kernel_takes (CLONE_AUTOREAP, 0);
  int nnp = kernel_takes (CLONE_NNP, SIGCHLD);
  int autokill = autoreap
		 && kernel_takes (CLONE_PIDFD_AUTOKILL | CLONE_AUTOREAP, 0);
  int empty = test_privileged () && kernel_takes (CLONE_EMPTY_MNTNS, SIGCHLD);
  printf ("kernel: AUTOREAP %d, NNP %d, PIDFD_AUTOKILL %d, EMPTY_MNTNS %d%s\n",
	  autoreap, nnp, autokill, empty,
	  test_privileged () ? "" : " (not root: EMPTY_MNTNS not tried)");
  CHECK_EQ (test_count_fds (), fds);

  char leaf[256];
  const char *why = NULL;
  int leaf_fd = -1;
  if (autoreap && nnp)
    {
      leaf_fd = test_cgroup_leaf (leaf, sizeof leaf, &why);
      if (leaf_fd < 0)
	printf ("not combined with CLONE_INTO_CGROUP: %s\n", why);
    }
  fds = test_count_fds ();

  for (int w = TEST_CLONE3; w <= TEST_FORK_RAW; ++w)
    {
      struct clone_args a;
      int pidfd = -1;
      if (autoreap)
	test_autoreap (w);
      else
	{
	  a = test_args (CLONE_AUTOREAP | CLONE_PIDFD, 0);
	  a.pidfd = (uintptr_t) &pidfd;
	  expect_error (w, &a, EINVAL, "CLONE_AUTOREAP on this kernel");
	}
      if (nnp)
	test_nnp (w);
      else
	{
	  a = test_args (CLONE_NNP, SIGCHLD);
	  expect_error (w, &a, EINVAL, "CLONE_NNP on this kernel");
	}
      if (autokill)
	test_autokill (w);
      else
	{
	  a = test_args (CLONE_PIDFD_AUTOKILL | CLONE_AUTOREAP | CLONE_PIDFD,
			 0);
	  a.pidfd = (uintptr_t) &pidfd;
	  expect_error (w, &a, EINVAL, "CLONE_PIDFD_AUTOKILL on this kernel");
	}
      if (empty)
	test_empty_mntns (w);
      else if (test_privileged ())
	{
	  a = test_args (CLONE_EMPTY_MNTNS, SIGCHLD);
	  expect_error (w, &a, EINVAL, "CLONE_EMPTY_MNTNS on this kernel");
	}
      if (leaf_fd >= 0)
	test_combined (w, leaf_fd, leaf);
      CHECK_EQ (pidfd, -1);
      check_no_child (test_names[w]);
      CHECK_EQ (test_count_fds (), fds);
    }
  if (leaf_fd >= 0)
    test_cgroup_remove (leaf, leaf_fd);
  return 0;
}
