/* A seccomp SIGSYS that another thread raises while clone3_fork is
   forking is delivered to the application's SIGSYS handler: an atfork
   prepare handler registered before the library's own (from the
   program's .preinit_array, so that under the dispatch strategy it runs
   while dispatching is armed and the library's SIGSYS handler is
   installed) wakes a second thread and waits for it; that thread makes a
   getppid with magic arguments that a SECCOMP_RET_TRAP filter traps.
   The application's handler receives it once, with its siginfo, both
   when installed with SA_SIGINFO and as a plain handler.  */
/* { dg-do run } */

#define CLONE3_TEST_TIMEOUT 30
#include "clone3-test.h"
#include "test-child.h"
#include "strategy-util.h"

#include <pthread.h>
#include <semaphore.h>

static volatile sig_atomic_t armed, traps, bad_traps;
static sem_t go, trapped;
static int quit;

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
app_sigsys_plain (int sig)
{
  if (sig != SIGSYS)
    ++bad_traps;
  ++traps;
}

static void *
trapper (void *arg)
{
  (void) arg;
  for (;;)
    {
      while (sem_wait (&go) != 0)
	;
      if (__atomic_load_n (&quit, __ATOMIC_ACQUIRE))
	return NULL;
      test_magic_call ();
      sem_post (&trapped);
    }
}

static void
prepare (void)
{
  if (!armed)
    return;
  sem_post (&go);
  while (sem_wait (&trapped) != 0)
    ;
}

static void
nop (void)
{
}

TEST_PREINIT_ATFORK (prepare, nop, nop);

static int
do_test (void)
{
  test_preinit_check ();
  CHECK (sem_init (&go, 0, 0) == 0);
  CHECK (sem_init (&trapped, 0, 0) == 0);
  test_trap_magic ();
  pthread_t t;
  CHECK_EQ (pthread_create (&t, NULL, trapper, NULL), 0);

  for (int round = 0; round < 4; ++round)
    {
      struct sigaction sa;
      memset (&sa, 0, sizeof sa);
      if (round % 2 == 0)
	{
	  sa.sa_sigaction = app_sigsys;
	  sa.sa_flags = SA_SIGINFO;
	}
      else
	sa.sa_handler = app_sigsys_plain;
      CHECK (sigaction (SIGSYS, &sa, NULL) == 0);
      traps = 0;
      armed = 1;
      struct clone_args a = test_args (0, SIGCHLD);
      pid_t pid = clone3_fork (&a, sizeof a);
      if (pid == 0)
	_exit (0);
      armed = 0;
      if (pid < 0)
	FAIL_EXIT ("clone3_fork: %s", strerror (errno));
      CHECK_EQ (test_wait_exit (pid), 0);
      if (traps != 1 || bad_traps != 0)
	FAIL_EXIT ("round %d: the application's SIGSYS handler received "
		   "%d traps (%d wrong), expected 1", round, (int) traps,
		   (int) bad_traps);
    }
  __atomic_store_n (&quit, 1, __ATOMIC_RELEASE);
  sem_post (&go);
  CHECK_EQ (pthread_join (t, NULL), 0);
  return 0;
}
