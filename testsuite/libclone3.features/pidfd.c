/* CLONE_PIDFD through clone3, clone3_fork and clone3_fork_raw: the
   returned descriptor refers to the child (fdinfo's Pid), is
   close-on-exec, is not readable while the child lives, delivers a
   signal with pidfd_send_signal, polls POLLIN once the child has ended,
   and reaps it with waitid (P_PIDFD) with the right status, for a killed
   child and an exiting one.  CLONE_PIDFD with CLONE_PARENT_SETTID
   stores both with clone3 and fails with ENOSYS, no child, on the legacy
   clone path.  No descriptor leaks.  */
/* { dg-do run } */

#include "clone3-test.h"
#include "test-child.h"

#include <fcntl.h>
#include <poll.h>
#include <stdint.h>

#ifndef SYS_pidfd_send_signal
# define SYS_pidfd_send_signal 424
#endif

static int
wait_forever (void *arg)
{
  (void) arg;
  /* pause only returns -1 (EINTR) after a handled signal: there are
     none, so this waits for SIGTERM.  */
  while (pause () == -1)
    ;
  return 1;
}

static int
exit_status (void *arg)
{
  return *(int *) arg;
}

/* The PID fdinfo gives for pidfd FD.  */
static long
fdinfo_pid (int fd)
{
  char file[64], line[256];
  snprintf (file, sizeof file, "/proc/self/fdinfo/%d", fd);
  FILE *f = fopen (file, "r");
  if (f == NULL)
    FAIL_EXIT ("open %s: %s", file, strerror (errno));
  long pid = -2;
  while (fgets (line, sizeof line, f) != NULL)
    if (sscanf (line, "Pid: %ld", &pid) == 1)
      break;
  fclose (f);
  if (pid == -2)
    FAIL_EXIT ("no Pid line in %s: not a pidfd", file);
  return pid;
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
  return r == 1 && (p.revents & POLLIN) != 0;
}

static void
check_no_child (void)
{
  errno = 0;
  if (!(waitpid (-1, NULL, WNOHANG | __WALL) == -1 && errno == ECHILD))
    FAIL_EXIT ("an unexpected child exists");
}

static int
do_test (void)
{
  int fds = test_count_fds ();

  for (int w = TEST_CLONE3; w <= TEST_FORK_RAW; ++w)
    {
      /* A child killed through its pidfd.  */
      int pidfd = -1;
      struct clone_args a = test_args (CLONE_PIDFD, SIGCHLD);
      a.pidfd = (uintptr_t) &pidfd;
      pid_t pid = test_spawn (w, &a, wait_forever, NULL);
      if (pid < 0)
	FAIL_EXIT ("%s (CLONE_PIDFD): %s", test_names[w], strerror (errno));
      if (pidfd < 0)
	FAIL_EXIT ("%s: no pidfd stored", test_names[w]);
      CHECK_EQ (fdinfo_pid (pidfd), pid);
      int fdflags = fcntl (pidfd, F_GETFD);
      CHECK (fdflags >= 0);
      if ((fdflags & FD_CLOEXEC) == 0)
	FAIL_EXIT ("%s: the pidfd is not close-on-exec", test_names[w]);
      if (poll_in (pidfd, 0))
	FAIL_EXIT ("%s: the pidfd polls readable while the child lives",
		   test_names[w]);
      CHECK_EQ (syscall (SYS_pidfd_send_signal, pidfd, SIGTERM, NULL, 0), 0);
      if (!poll_in (pidfd, 10000))
	FAIL_EXIT ("%s: no POLLIN on the pidfd 10 s after SIGTERM",
		   test_names[w]);
      siginfo_t si;
      memset (&si, 0, sizeof si);
      CHECK_EQ (waitid (P_PIDFD, pidfd, &si, WEXITED), 0);
      CHECK_EQ (si.si_pid, pid);
      CHECK_EQ (si.si_code, CLD_KILLED);
      CHECK_EQ (si.si_status, SIGTERM);
      /* It is reaped, and the pidfd says so.  */
      errno = 0;
      CHECK (waitpid (pid, NULL, WNOHANG | __WALL) == -1 && errno == ECHILD);
      CHECK_ERRNO (syscall (SYS_pidfd_send_signal, pidfd, 0, NULL, 0),
		   ESRCH);
      CHECK_EQ (close (pidfd), 0);

      /* A child that exits: POLLIN at its exit, its status through
	 waitid (P_PIDFD).  */
      pidfd = -1;
      a = test_args (CLONE_PIDFD, SIGCHLD);
      a.pidfd = (uintptr_t) &pidfd;
      int status = 23 + w;
      pid = test_spawn (w, &a, exit_status, &status);
      if (pid < 0)
	FAIL_EXIT ("%s (CLONE_PIDFD): %s", test_names[w], strerror (errno));
      CHECK (pidfd >= 0);
      CHECK_EQ (fdinfo_pid (pidfd), pid);
      if (!poll_in (pidfd, 10000))
	FAIL_EXIT ("%s: no POLLIN on the pidfd of an exited child",
		   test_names[w]);
      memset (&si, 0, sizeof si);
      CHECK_EQ (waitid (P_PIDFD, pidfd, &si, WEXITED), 0);
      CHECK_EQ (si.si_pid, pid);
      CHECK_EQ (si.si_code, CLD_EXITED);
      CHECK_EQ (si.si_status, 23 + w);
      CHECK_EQ (close (pidfd), 0);

      /* CLONE_PIDFD and CLONE_PARENT_SETTID together.  */
      pidfd = -1;
      pid_t ptid = -1;
      a = test_args (CLONE_PIDFD | CLONE_PARENT_SETTID, SIGCHLD);
      a.pidfd = (uintptr_t) &pidfd;
      a.parent_tid = (uintptr_t) &ptid;
      status = 0;
      errno = 0;
      pid = test_spawn (w, &a, exit_status, &status);
      if (clone3_test_enosys)
	{
	  if (pid != -1 || errno != ENOSYS)
	    FAIL_EXIT ("%s (CLONE_PIDFD | CLONE_PARENT_SETTID) without "
		       "clone3: returned %d, errno %s; expected ENOSYS",
		       test_names[w], (int) pid, strerror (errno));
	  CHECK_EQ (pidfd, -1);
	  CHECK_EQ (ptid, -1);
	  check_no_child ();
	}
      else
	{
	  if (pid < 0)
	    FAIL_EXIT ("%s (CLONE_PIDFD | CLONE_PARENT_SETTID): %s",
		       test_names[w], strerror (errno));
	  CHECK (pidfd >= 0);
	  CHECK_EQ (ptid, pid);
	  CHECK_EQ (fdinfo_pid (pidfd), pid);
	  memset (&si, 0, sizeof si);
	  CHECK_EQ (waitid (P_PIDFD, pidfd, &si, WEXITED), 0);
	  CHECK_EQ (si.si_pid, pid);
	  CHECK_EQ (si.si_code, CLD_EXITED);
	  CHECK_EQ (si.si_status, 0);
	  CHECK_EQ (close (pidfd), 0);
	}
    }

  check_no_child ();
  CHECK_EQ (test_count_fds (), fds);
  return 0;
}
