/* A seccomp SIGSYS raised by atfork handlers that run inside clone3_fork
   is delivered to the application's SIGSYS handler: handlers registered
   before the library's own (from the program's .preinit_array, which
   runs before any library's constructor, as a DSO initialised before
   libclone3 would) run, under the dispatch strategy, while system calls
   are being dispatched; each makes a getppid with magic arguments that a
   SECCOMP_RET_TRAP filter traps.  The application's handler must receive
   each trap (si_code SYS_SECCOMP, si_syscall getppid) exactly once: two
   in the parent (prepare, parent), two in the child (prepare, child),
   and the process must not be killed by SIGSYS.  */
/* { dg-do run } */

#define CLONE3_TEST_TIMEOUT 30
#include "clone3-test.h"
#include "test-child.h"
#include "strategy-util.h"

#include <pthread.h>

static volatile sig_atomic_t armed, traps, bad_traps;

static void
app_sigsys (int sig, siginfo_t *info, void *ctx)
{
  (void) ctx;
  if (sig != SIGSYS || info->si_code != SYS_SECCOMP
      || info->si_syscall != TEST_MAGIC_NR)
    ++bad_traps;
  ++traps;
}

static void
trap_if_armed (void)
{
  if (armed)
    test_magic_call ();
}

TEST_PREINIT_ATFORK (trap_if_armed, trap_if_armed, trap_if_armed);

static int
do_test (void)
{
  test_preinit_check ();
  test_trap_magic ();
  struct sigaction sa;
  memset (&sa, 0, sizeof sa);
  sa.sa_sigaction = app_sigsys;
  sa.sa_flags = SA_SIGINFO;
  CHECK (sigaction (SIGSYS, &sa, NULL) == 0);
  test_magic_call ();
  CHECK_EQ (traps, 1);

  for (int round = 0; round < 3; ++round)
    {
      traps = 0;
      armed = 1;
      struct clone_args a = test_args (0, SIGCHLD);
      pid_t pid = clone3_fork (&a, sizeof a);
      armed = 0;
      if (pid == 0)
	_exit (traps == 2 && bad_traps == 0 ? 0 : 10 + traps);
      if (pid < 0)
	FAIL_EXIT ("clone3_fork: %s", strerror (errno));
      int st = test_wait_exit (pid);
      if (traps != 2 || bad_traps != 0)
	FAIL_EXIT ("parent: the application's SIGSYS handler received %d "
		   "traps (%d wrong), expected 2", (int) traps,
		   (int) bad_traps);
      if (st != 0)
	FAIL_EXIT ("child: the application's SIGSYS handler received %d "
		   "traps or wrong ones, expected 2", st - 10);
    }
  return 0;
}
