/* The application's SIGSYS handler, installed with SA_ONSTACK and a
   mask of its own (SIGUSR1), receives the SIGSYS of a seccomp
   SECCOMP_RET_TRAP as the kernel delivers it, also while another
   thread is inside clone3_fork: on the trapping thread's alternate
   signal stack, with SIGUSR1 and SIGSYS (no SA_NODEFER) blocked, and
   with the thread's own mask otherwise (SIGTERM not blocked), exactly
   as while that thread is inside fork ().  An atfork prepare handler
   registered before the library's own (from .preinit_array; under the
   dispatch strategy it runs while dispatching is armed) wakes the
   second thread and waits for its trap; the calling thread's own trap
   from the same handler is checked the same way.  fork () first, as
   the reference.  */
/* { dg-do run } */

#define CLONE3_TEST_TIMEOUT 30
#include "clone3-test.h"
#include "test-child.h"
#include "strategy-util.h"

#include <pthread.h>
#include <semaphore.h>
#include <stdint.h>

static volatile sig_atomic_t armed, traps, bad_traps;
static volatile int bad_why;
static sem_t go, trapped;
static int quit;

static void
app_sigsys (int sig, siginfo_t *info, void *ctx)
{
  (void) ctx;
  stack_t ss;
  sigset_t now;
  pthread_sigmask (SIG_BLOCK, NULL, &now);
  int why = 0;
  if (sig != SIGSYS || info->si_code != SYS_SECCOMP
      || info->si_syscall != TEST_MAGIC_NR)
    why = 1;
  else if (sigaltstack (NULL, &ss) != 0 || !(ss.ss_flags & SS_ONSTACK))
    why = 2;
  else if (!sigismember (&now, SIGUSR1))
    why = 3;
  else if (!sigismember (&now, SIGSYS))
    why = 4;
  else if (sigismember (&now, SIGTERM) && !armed)
    /* Outside clone3_fork only: inside, the strategy may hold signals
       (dispatch holds all but SIGSYS), and the kernel adds the
       handler's mask to the thread's.  */
    why = 5;
  if (why != 0)
    {
      ++bad_traps;
      bad_why = why;
    }
  ++traps;
}

static void
use_altstack (void)
{
  stack_t ss;
  ss.ss_size = 64 * 1024;
  ss.ss_sp = malloc (ss.ss_size);
  ss.ss_flags = 0;
  CHECK (ss.ss_sp != NULL);
  CHECK (sigaltstack (&ss, NULL) == 0);
}

static void *
trapper (void *arg)
{
  (void) arg;
  use_altstack ();
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
  test_magic_call ();
}

static void
nop (void)
{
}

TEST_PREINIT_ATFORK (prepare, nop, nop);

static const char *const whys[] = {
  "", "wrong siginfo", "not on the alternate signal stack",
  "without its sa_mask (SIGUSR1)", "with SIGSYS unblocked (no SA_NODEFER)",
  "with every signal blocked"
};

static void
check (const char *what, int want)
{
  if (traps != want)
    FAIL_EXIT ("%s: the application's SIGSYS handler ran %d times, "
	       "expected %d", what, (int) traps, want);
  if (bad_traps != 0)
    FAIL_EXIT ("%s: the application's SIGSYS handler was called %s",
	       what, whys[bad_why]);
}

static void
fork_with (const char *what, int by_fork, unsigned long long flags)
{
  traps = 0;
  armed = 1;
  int pidfd = -1;
  pid_t pid;
  if (by_fork)
    pid = fork ();
  else
    {
      struct clone_args a = test_args (flags, SIGCHLD);
      a.pidfd = (uintptr_t) &pidfd;
      pid = clone3_fork (&a, sizeof a);
    }
  if (pid == 0)
    _exit (0);
  armed = 0;
  if (pid < 0)
    FAIL_EXIT ("%s: %s", what, strerror (errno));
  /* One from the other thread, one from the caller's prepare.  */
  check (what, 2);
  CHECK_EQ (test_wait_exit (pid), 0);
  if (pidfd >= 0)
    close (pidfd);
  printf ("%s: the handler ran as the kernel calls it\n", what);
}

static int
do_test (void)
{
  test_preinit_check ();
  CHECK (sem_init (&go, 0, 0) == 0);
  CHECK (sem_init (&trapped, 0, 0) == 0);
  use_altstack ();
  test_trap_magic ();
  struct sigaction sa;
  memset (&sa, 0, sizeof sa);
  sa.sa_sigaction = app_sigsys;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
  sigaddset (&sa.sa_mask, SIGUSR1);
  CHECK (sigaction (SIGSYS, &sa, NULL) == 0);
  pthread_t t;
  CHECK_EQ (pthread_create (&t, NULL, trapper, NULL), 0);

  traps = 0;
  test_magic_call ();
  check ("outside any fork", 1);
  fork_with ("fork ()", 1, 0);
  for (int i = 0; i < 3; ++i)
    {
      fork_with ("clone3_fork", 0, 0);
      fork_with ("clone3_fork, CLONE_PIDFD", 0, CLONE_PIDFD);
      fork_with ("clone3_fork, CLONE_VFORK", 0, CLONE_VFORK);
    }
  __atomic_store_n (&quit, 1, __ATOMIC_RELEASE);
  sem_post (&go);
  CHECK_EQ (pthread_join (t, NULL), 0);
  return 0;
}
