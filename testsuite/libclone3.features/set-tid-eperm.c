/* set_tid without privilege, through clone3, clone3_fork and
   clone3_fork_raw: EPERM, both for a free PID and for one in use (the
   kernel checks privilege first), and no child; the same request
   without set_tid succeeds, so the EPERM is set_tid's.  Without clone3
   the requests fail with ENOSYS instead (there is no fallback on EPERM,
   and none for set_tid).  Run as root, the checks run in a helper process
   that has dropped to user and group 65534.  */
/* { dg-do run } */

#include "clone3-test.h"
#include "test-child.h"
#include "test-system.h"

#include <grp.h>
#include <stdint.h>

#define NOBODY 65534

static int
exit_7 (void *arg)
{
  (void) arg;
  return 7;
}

/* Whether the effective capability set has capability CAP.  */
static int
has_cap (int cap)
{
  FILE *f = fopen ("/proc/self/status", "r");
  if (f == NULL)
    FAIL_EXIT ("open /proc/self/status: %s", strerror (errno));
  char line[256];
  unsigned long long eff = 0;
  while (fgets (line, sizeof line, f) != NULL)
    if (sscanf (line, "CapEff: %llx", &eff) == 1)
      break;
  fclose (f);
  return (eff >> cap) & 1;
}

#define CAP_SYS_ADMIN_BIT 21
#define CAP_CHECKPOINT_RESTORE_BIT 40

static void
check_no_child (const char *what)
{
  errno = 0;
  if (!(waitpid (-1, NULL, WNOHANG | __WALL) == -1 && errno == ECHILD))
    FAIL_EXIT ("%s: an unexpected child exists", what);
}

/* The checks proper, in an unprivileged process.  */
static void
unprivileged_checks (void)
{
  if (has_cap (CAP_SYS_ADMIN_BIT) || has_cap (CAP_CHECKPOINT_RESTORE_BIT))
    FAIL_EXIT ("still privileged (CapEff) after dropping privileges");
  const int expected = clone3_test_enosys ? ENOSYS : EPERM;
  /* Free or in use, privilege is checked first.  */
  const pid_t tids[] = { test_free_pid (0), getpid (), getppid () };

  for (int w = TEST_CLONE3; w <= TEST_FORK_RAW; ++w)
    {
      for (size_t i = 0; i < sizeof tids / sizeof tids[0]; ++i)
	{
	  pid_t tid = tids[i];
	  struct clone_args a = test_args (0, SIGCHLD);
	  a.set_tid = (uintptr_t) &tid;
	  a.set_tid_size = 1;
	  errno = 0;
	  pid_t r = test_spawn (w, &a, exit_7, NULL);
	  int e = errno;
	  if (r > 0)
	    test_wait_exit (r);
	  if (r != -1 || e != expected)
	    FAIL_EXIT ("%s, set_tid %d, unprivileged: returned %d, errno "
		       "%d (%s); expected %s", test_names[w], (int) tid, (int) r,
		       e, strerror (e), strerror (expected));
	  check_no_child ("set_tid unprivileged");
	}

      /* The same request without set_tid is fine.  */
      struct clone_args a = test_args (0, SIGCHLD);
      pid_t r = test_spawn (w, &a, exit_7, NULL);
      if (r < 0)
	FAIL_EXIT ("%s without set_tid, unprivileged: %s", test_names[w],
		   strerror (errno));
      CHECK_EQ (test_wait_exit (r), 7);
    }
}

static int
do_test (void)
{
  int fds = test_count_fds ();
  if (geteuid () != 0)
    {
      if (has_cap (CAP_SYS_ADMIN_BIT) || has_cap (CAP_CHECKPOINT_RESTORE_BIT))
	UNSUPPORTED ("not root, but privileged all the same: cannot test "
		     "set_tid without privilege");
      unprivileged_checks ();
    }
  else
    {
      pid_t helper = fork ();
      CHECK (helper >= 0);
      if (helper == 0)
	{
	  if (setgroups (0, NULL) != 0
	      || setresgid (NOBODY, NOBODY, NOBODY) != 0
	      || setresuid (NOBODY, NOBODY, NOBODY) != 0)
	    FAIL_EXIT ("dropping privileges to %d: %s", NOBODY,
		       strerror (errno));
	  unprivileged_checks ();
	  exit (0);
	}
      int st = test_wait_exit (helper);
      if (st == 77)
	exit (77);
      if (st != 0)
	FAIL_EXIT ("the unprivileged helper failed (status %d)", st);
    }
  CHECK_EQ (test_count_fds (), fds);
  return 0;
}
