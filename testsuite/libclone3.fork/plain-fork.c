/* Where no strategy can make clone3_fork's child, a request that asks
   for no more than fork's child is made by glibc's fork (clone3_fork)
   or _Fork (clone3_fork_raw); a request that needs clone3's own
   arguments still fails with ENOSYS, and a forced strategy is not
   replaced.  A seccomp filter closes the doors the strategies need:
   PR_GET_TID_ADDRESS and get_robust_list fail (as under qemu-user), and
   so does the Syscall User Dispatch prctl unless dispatch is forced.
   Checked: the strategy says "none"; the plain child has its own TID
   (pthread_kill of itself works) and each atfork handler ran once for
   clone3_fork, none for clone3_fork_raw; CLONE_PIDFD and another exit
   signal are ENOSYS with no child left behind.  With a strategy forced,
   dispatch needs none of those doors and serves every request, and
   emulate or relay refuse them all.  */
/* { dg-do run } */

#include "clone3-test.h"
#include "test-child.h"
#include "test-atfork.h"

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#ifndef PR_SET_SYSCALL_USER_DISPATCH
# define PR_SET_SYSCALL_USER_DISPATCH 59
#endif
#ifndef PR_GET_TID_ADDRESS
# define PR_GET_TID_ADDRESS 40
#endif

/* The first argument's low 32 bits in struct seccomp_data.  */
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
# define ARG0_LOW (offsetof (struct seccomp_data, args[0]) + 4)
#else
# define ARG0_LOW offsetof (struct seccomp_data, args[0])
#endif

/* Refuse prctl OPTION_A and OPTION_B (0: none) and get_robust_list with
   EPERM, as a container profile might.  */
static void
close_doors (unsigned int option_a, unsigned int option_b)
{
  /* Closed already, with no dispatch either: qemu-user.  */
  void *addr;
  if (prctl (PR_GET_TID_ADDRESS, &addr, 0L, 0L, 0L) != 0
      && prctl (PR_SET_SYSCALL_USER_DISPATCH, 0L, 0L, 0L, 0L) != 0)
    return;
#ifdef TEST_AUDIT_ARCH
  struct sock_filter filter[] = {
    TEST_FILTER_PROLOGUE,
    BPF_JUMP (BPF_JMP | BPF_JEQ | BPF_K, SYS_get_robust_list, 5, 0),
    BPF_JUMP (BPF_JMP | BPF_JEQ | BPF_K, SYS_prctl, 0, 5),
    BPF_STMT (BPF_LD | BPF_W | BPF_ABS, ARG0_LOW),
    BPF_JUMP (BPF_JMP | BPF_JEQ | BPF_K, option_a, 2, 0),
    BPF_JUMP (BPF_JMP | BPF_JEQ | BPF_K, option_b, 1, 0),
    BPF_STMT (BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    BPF_STMT (BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
    BPF_STMT (BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
  };
  test_install_filter (filter, sizeof filter / sizeof filter[0]);
  void *head;
  size_t len;
  if (syscall (SYS_get_robust_list, 0, &head, &len) == 0)
    FAIL_EXIT ("the seccomp filter does not refuse get_robust_list");
#else
  (void) option_a;
  (void) option_b;
  UNSUPPORTED ("no seccomp architecture value known for this target");
#endif
}

/* The child: its thread descriptor must name it.  */
static void
check_child (void)
{
  if (syscall (SYS_gettid) != getpid ()
      || pthread_kill (pthread_self (), 0) != 0)
    _exit (41);
  _exit (0);
}

static void
on_usr1 (int sig)
{
  (void) sig;
}

static int
do_test (void)
{
  const char *forced = test_forced_strategy ();
  int fds = test_count_fds ();
  test_atfork_count_init ();
  CHECK_EQ (pthread_atfork (test_count_prepare, test_count_parent,
			    test_count_child), 0);

  /* A forced dispatch keeps its prctl (the harness has already checked
     that it runs): the point is that it needs no other door.  */
  int dispatch = forced != NULL && strcmp (forced, "dispatch") == 0;
  close_doors (PR_GET_TID_ADDRESS,
	       dispatch ? PR_GET_TID_ADDRESS : PR_SET_SYSCALL_USER_DISPATCH);

  if (forced == NULL)
    {
      const char *s = clone3_fork_strategy ();
      if (strcmp (s, "none") != 0)
	FAIL_EXIT ("with the doors closed the strategy is %s, not none", s);
    }
  /* Whether the requests with clone3's own arguments can be served.  */
  int full = dispatch;
  int plain = forced == NULL || dispatch;

  struct clone_args a = test_args (0, SIGCHLD);
  pid_t pid = clone3_fork (&a, sizeof a);
  if (pid == 0)
    check_child ();
  if (plain)
    {
      if (pid < 0)
	FAIL_EXIT ("clone3_fork, plain request: %s", strerror (errno));
      CHECK_EQ (test_wait_exit (pid), 0);
      test_expect_atfork_counts ("clone3_fork, plain request", 1, 1, 1);
    }
  else
    {
      CHECK_EQ (pid, -1);
      CHECK_EQ (errno, ENOSYS);
      test_expect_atfork_counts ("clone3_fork refused", 0, 0, 0);
    }

  test_atfork_count_init ();
  pid = clone3_fork_raw (&a, sizeof a);
  if (pid == 0)
    check_child ();
  if (pid < 0)
    FAIL_EXIT ("clone3_fork_raw, plain request: %s", strerror (errno));
  CHECK_EQ (test_wait_exit (pid), 0);
  test_expect_atfork_counts ("clone3_fork_raw", 0, 0, 0);

  /* What fork cannot express.  */
  int pidfd = -1;
  struct clone_args p = test_args (CLONE_PIDFD, SIGCHLD);
  p.pidfd = (uintptr_t) &pidfd;
  /* The child's exit signal, where a strategy makes it.  */
  signal (SIGUSR1, on_usr1);
  struct clone_args u = test_args (0, SIGUSR1);
  struct clone_args *extras[] = { &p, &u };
  for (int i = 0; i < 2; ++i)
    {
      pid = clone3_fork (extras[i], sizeof *extras[i]);
      if (pid == 0)
	check_child ();
      if (full)
	{
	  if (pid < 0)
	    FAIL_EXIT ("clone3_fork, request %d: %s", i, strerror (errno));
	  CHECK_EQ (test_wait_exit (pid), 0);
	  if (pidfd >= 0)
	    close (pidfd);
	  pidfd = -1;
	}
      else
	{
	  CHECK_EQ (pid, -1);
	  CHECK_EQ (errno, ENOSYS);
	  CHECK_EQ (pidfd, -1);
	}
      pid = clone3_fork_raw (extras[i], sizeof *extras[i]);
      if (pid == 0)
	check_child ();
      CHECK_EQ (pid, -1);
      CHECK_EQ (errno, ENOSYS);
    }
  CHECK_ERRNO (waitpid (-1, NULL, __WALL | WNOHANG), ECHILD);
  CHECK_EQ (test_count_fds (), fds);
  return 0;
}
