/* clone3_fork writes the caller's memory as the kernel's clone3 does,
   whatever process of its strategy learns the values (relay's
   intermediate has its own copy of the memory): compared with the raw
   clone3 system call,
   - a pidfd variable on a MADV_DONTFORK page gets the pidfd;
   - a set_tid array on such a page is read (as root);
   - a read-only parent_tid is not written, and the call succeeds,
     without a fault;
   - a read-only pidfd variable fails the call with EFAULT and leaves no
     child;
   and a pidfd that the caller's table has no room for when it arrives
   (a parent handler lowers RLIMIT_NOFILE; the kernel, which makes the
   descriptor before the handler runs, succeeds) either comes, or fails
   the call with EMFILE with no child left: never success without it.
   No descriptor is leaked.  */
/* { dg-do run } */

#include "clone3-test.h"
#include "test-child.h"
#include "test-system.h"
#include "strategy-util.h"

#include <pthread.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/resource.h>

static long
raw_clone3 (struct clone_args *a)
{
  long r = syscall (SYS_clone3, a, sizeof *a);
  if (r == 0)
    syscall (SYS_exit_group, 0);
  return r;
}

static pid_t
lib_clone3_fork (struct clone_args *a)
{
  pid_t r = clone3_fork (a, sizeof *a);
  if (r == 0)
    _exit (0);
  return r;
}

/* Both creations of *A must succeed alike, or fail with the same errno,
   and leave nothing behind.  Returns the library's result.  */
static pid_t
expect_as_kernel (const char *what, struct clone_args *a, int *pidfd)
{
  int fds = test_count_fds ();
  if (pidfd != NULL)
    *pidfd = -1;
  errno = 0;
  long ref = raw_clone3 (a);
  int ref_err = errno;
  if (ref > 0)
    {
      CHECK_EQ (test_wait_exit (ref), 0);
      if (pidfd != NULL)
	{
	  CHECK (*pidfd >= 0);
	  close (*pidfd);
	  *pidfd = -1;
	}
    }
  errno = 0;
  pid_t got = lib_clone3_fork (a);
  int got_err = errno;
  if ((ref > 0) != (got > 0) || (ref < 0 && got_err != ref_err))
    FAIL_EXIT ("%s: clone3_fork returned %d (%s), the kernel's clone3 %ld "
	       "(%s)", what, (int) got, strerror (got_err), ref,
	       strerror (ref_err));
  if (got > 0)
    {
      if (pidfd != NULL && test_pidfd_pid (*pidfd) != got)
	FAIL_EXIT ("%s: the pidfd does not name the child", what);
      CHECK_EQ (test_wait_exit (got), 0);
      if (pidfd != NULL)
	close (*pidfd);
    }
  errno = 0;
  if (waitpid (-1, NULL, __WALL | WNOHANG) != -1 || errno != ECHILD)
    FAIL_EXIT ("%s: a process is left to reap", what);
  CHECK_EQ (test_count_fds (), fds);
  printf ("%s: %s, as the kernel's clone3\n", what,
	  got > 0 ? "a child" : strerror (got_err));
  return got;
}

static void *
page (int prot, int dontfork)
{
  long size = sysconf (_SC_PAGESIZE);
  void *p = mmap (NULL, size, PROT_READ | PROT_WRITE,
		  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED)
    FAIL_EXIT ("mmap: %s", strerror (errno));
  memset (p, 0x5a, size);
  if (dontfork && madvise (p, size, MADV_DONTFORK) != 0)
    FAIL_EXIT ("madvise (MADV_DONTFORK): %s", strerror (errno));
  if (mprotect (p, size, prot) != 0)
    FAIL_EXIT ("mprotect: %s", strerror (errno));
  return p;
}

/* The parent handler of the last case: no descriptor can be made.  */
static int starve_fds;
static struct rlimit saved_nofile;

static void
parent_starves (void)
{
  if (starve_fds)
    {
      struct rlimit lim = saved_nofile;
      lim.rlim_cur = 3;
      setrlimit (RLIMIT_NOFILE, &lim);
    }
}

static int
do_test (void)
{
  if (clone3_test_enosys)
    UNSUPPORTED ("the reference is the kernel's clone3");

  int *dontfork = page (PROT_READ | PROT_WRITE, 1);
  struct clone_args a = test_args (CLONE_PIDFD, SIGCHLD);
  a.pidfd = (uintptr_t) dontfork;
  expect_as_kernel ("a pidfd on a MADV_DONTFORK page", &a, dontfork);

  if (test_privileged ())
    {
      pid_t *tids = page (PROT_READ | PROT_WRITE, 1);
      for (int i = 0; i < 2; ++i)
	{
	  tids[0] = test_free_pid (i);
	  a = test_args (0, SIGCHLD);
	  a.set_tid = (uintptr_t) tids;
	  a.set_tid_size = 1;
	  pid_t want = tids[0];
	  errno = 0;
	  long r = i == 0 ? raw_clone3 (&a) : lib_clone3_fork (&a);
	  if (r != want)
	    FAIL_EXIT ("set_tid on a MADV_DONTFORK page, %s: %ld (%s), "
		       "expected %d", i == 0 ? "clone3" : "clone3_fork", r,
		       strerror (errno), (int) want);
	  CHECK_EQ (test_wait_exit (r), 0);
	}
      printf ("set_tid on a MADV_DONTFORK page: read, as by the kernel's "
	      "clone3\n");
    }

  const int *ro = page (PROT_READ, 0);
  a = test_args (CLONE_PARENT_SETTID, SIGCHLD);
  a.parent_tid = (uintptr_t) ro;
  expect_as_kernel ("a read-only parent_tid", &a, NULL);
  CHECK_EQ (ro[0], 0x5a5a5a5a);

  a = test_args (CLONE_PIDFD, SIGCHLD);
  a.pidfd = (uintptr_t) ro;
  if (expect_as_kernel ("a read-only pidfd", &a, NULL) > 0)
    FAIL_EXIT ("a read-only pidfd: no EFAULT");
  CHECK_EQ (ro[0], 0x5a5a5a5a);

  /* The last: no room for the pidfd once the parent handler has run.  */
  CHECK (getrlimit (RLIMIT_NOFILE, &saved_nofile) == 0);
  CHECK_EQ (pthread_atfork (NULL, parent_starves, NULL), 0);
  int fds = test_count_fds ();
  int pidfd = -1;
  a = test_args (CLONE_PIDFD, SIGCHLD);
  a.pidfd = (uintptr_t) &pidfd;
  starve_fds = 1;
  errno = 0;
  pid_t pid = clone3_fork (&a, sizeof a);
  if (pid == 0)
    _exit (0);
  int err = errno;
  starve_fds = 0;
  CHECK (setrlimit (RLIMIT_NOFILE, &saved_nofile) == 0);
  if (pid > 0)
    {
      if (pidfd < 0 || test_pidfd_pid (pidfd) != pid)
	FAIL_EXIT ("no room for the pidfd: success without it (%d)", pidfd);
      CHECK_EQ (test_wait_exit (pid), 0);
      close (pidfd);
      printf ("no room for the pidfd after the handlers: a child, as "
	      "the kernel's clone3\n");
    }
  else
    {
      if (err != EMFILE)
	FAIL_EXIT ("no room for the pidfd: %s, expected EMFILE",
		   strerror (err));
      CHECK_EQ (pidfd, -1);
      printf ("no room for the pidfd after the handlers: EMFILE\n");
    }
  errno = 0;
  if (waitpid (-1, NULL, __WALL | WNOHANG) != -1 || errno != ECHILD)
    FAIL_EXIT ("no room for the pidfd: a process is left to reap");
  CHECK_EQ (test_count_fds (), fds);
  return 0;
}
