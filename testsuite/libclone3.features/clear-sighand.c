/* CLONE_CLEAR_SIGHAND through clone3 (fork-like, and CLONE_VM |
   CLONE_VFORK with and without a stack), clone3_fork and
   clone3_fork_raw, with clone3 and with its emulation on the legacy
   clone path: in the child every handled signal (plain and SA_SIGINFO
   handlers, a real-time one) is back to SIG_DFL with an empty mask, an
   ignored one is still SIG_IGN and a default one still SIG_DFL, as
   sigaction reports before FN or the fork child's code does anything
   else; raising the ignored signal does nothing and raising a formerly
   handled one kills the child.  The parent's own handlers are untouched
   and never ran.  */
/* { dg-do run } */

#include "clone3-test.h"
#include "test-child.h"

#include <stdint.h>
#include <sys/mman.h>

#define STACK_SIZE (64 * 1024)

static volatile sig_atomic_t handler_ran;

static void
on_signal (int sig)
{
  (void) sig;
  handler_ran = 1;
}

static void
on_signal_info (int sig, siginfo_t *si, void *ctx)
{
  (void) sig;
  (void) si;
  (void) ctx;
  handler_ran = 1;
}

/* Handled in the parent, to be SIG_DFL in the child.  */
static int handled[3];
/* Ignored in the parent, to stay so.  */
#define IGNORED SIGUSR2
/* Default in the parent, to stay so.  */
#define DEFAULTED SIGHUP

static void
install (void)
{
  handled[0] = SIGUSR1;
  handled[1] = SIGTERM;
  handled[2] = SIGRTMIN + 1;

  struct sigaction sa;
  memset (&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigemptyset (&sa.sa_mask);
  sigaddset (&sa.sa_mask, SIGINT);
  sa.sa_flags = SA_RESTART;
  CHECK (sigaction (handled[0], &sa, NULL) == 0);
  CHECK (sigaction (handled[2], &sa, NULL) == 0);

  memset (&sa, 0, sizeof sa);
  sa.sa_sigaction = on_signal_info;
  sa.sa_flags = SA_SIGINFO;
  CHECK (sigaction (handled[1], &sa, NULL) == 0);

  memset (&sa, 0, sizeof sa);
  sa.sa_handler = SIG_IGN;
  CHECK (sigaction (IGNORED, &sa, NULL) == 0);

  sa.sa_handler = SIG_DFL;
  CHECK (sigaction (DEFAULTED, &sa, NULL) == 0);
}

/* The parent's dispositions are as installed.  */
static void
check_parent (const char *what)
{
  struct sigaction old;
  CHECK (sigaction (handled[0], NULL, &old) == 0);
  if (old.sa_handler != on_signal)
    FAIL_EXIT ("%s: the parent lost its handler for %d", what, handled[0]);
  CHECK (sigaction (handled[2], NULL, &old) == 0);
  if (old.sa_handler != on_signal)
    FAIL_EXIT ("%s: the parent lost its handler for %d", what, handled[2]);
  CHECK (sigaction (handled[1], NULL, &old) == 0);
  if (old.sa_sigaction != on_signal_info)
    FAIL_EXIT ("%s: the parent lost its handler for %d", what, handled[1]);
  CHECK (sigaction (IGNORED, NULL, &old) == 0);
  if (old.sa_handler != SIG_IGN)
    FAIL_EXIT ("%s: the parent no longer ignores %d", what, IGNORED);
  if (handler_ran)
    FAIL_EXIT ("%s: a handler of the parent ran", what);
}

/* Bits in the child's exit status.  */
enum
{
  NOT_DEFAULT = 1,
  MASK_KEPT = 2,
  NOT_IGNORED = 4,
  DEFAULT_CHANGED = 8,
  SURVIVED = 16,
  HANDLER_RAN = 32,
};

static int
child_body (void *arg)
{
  (void) arg;
  int bad = 0;
  struct sigaction old;
  for (int i = 0; i < 3; ++i)
    {
      if (sigaction (handled[i], NULL, &old) != 0
	  || old.sa_handler != SIG_DFL)
	bad |= NOT_DEFAULT;
      else if (!sigisemptyset (&old.sa_mask))
	bad |= MASK_KEPT;
    }
  if (sigaction (IGNORED, NULL, &old) != 0 || old.sa_handler != SIG_IGN)
    bad |= NOT_IGNORED;
  if (sigaction (DEFAULTED, NULL, &old) != 0 || old.sa_handler != SIG_DFL)
    bad |= DEFAULT_CHANGED;
  if (bad != 0)
    return bad;

  pid_t pid = syscall (SYS_getpid);
  pid_t tid = syscall (SYS_gettid);
  /* Ignored: nothing happens.  */
  syscall (SYS_tgkill, pid, tid, IGNORED);
  if (handler_ran)
    return HANDLER_RAN;
  /* SIG_DFL for SIGUSR1 ends the child.  */
  syscall (SYS_tgkill, pid, tid, handled[0]);
  return handler_ran ? HANDLER_RAN : SURVIVED;
}

static void
run (enum test_which w, unsigned long long flags, char *stack, const char *what)
{
  struct clone_args a = test_args (CLONE_CLEAR_SIGHAND | flags, SIGCHLD);
  if (stack != NULL)
    {
      a.stack = (uintptr_t) stack;
      a.stack_size = STACK_SIZE;
    }
  pid_t pid = test_spawn (w, &a, child_body, NULL);
  if (pid < 0)
    FAIL_EXIT ("%s, %s: %s", test_names[w], what, strerror (errno));
  int status;
  pid_t r;
  do
    r = waitpid (pid, &status, __WALL);
  while (r < 0 && errno == EINTR);
  CHECK_EQ (r, pid);
  if (WIFEXITED (status))
    FAIL_EXIT ("%s, %s: the child exited with %#x (bits: 1 a handler kept, "
	       "2 a mask kept, 4 the ignored signal not ignored, 8 the "
	       "default one changed, 16 survived SIGUSR1, 32 a handler ran)",
	       test_names[w], what, WEXITSTATUS (status));
  if (!WIFSIGNALED (status) || WTERMSIG (status) != handled[0])
    FAIL_EXIT ("%s, %s: child status %#x; expected death by signal %d",
	       test_names[w], what, status, handled[0]);
  check_parent (what);
}

static int
do_test (void)
{
  int fds = test_count_fds ();
  install ();
  char *stack = mmap (NULL, STACK_SIZE, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
  CHECK (stack != MAP_FAILED);

  for (int w = TEST_CLONE3; w <= TEST_FORK_RAW; ++w)
    run (w, 0, NULL, "fork-like");
  run (TEST_CLONE3, CLONE_VM | CLONE_VFORK, stack,
       "CLONE_VM | CLONE_VFORK with a stack");
  run (TEST_CLONE3, CLONE_VM | CLONE_VFORK, NULL,
       "CLONE_VM | CLONE_VFORK without a stack");
  run (TEST_CLONE3, 0, stack, "fork-like with a stack");
  run (TEST_FORK, CLONE_VFORK, NULL, "CLONE_VFORK");
  run (TEST_FORK_RAW, CLONE_VFORK, NULL, "CLONE_VFORK");

  CHECK (munmap (stack, STACK_SIZE) == 0);
  errno = 0;
  CHECK (waitpid (-1, NULL, WNOHANG | __WALL) == -1 && errno == ECHILD);
  CHECK_EQ (test_count_fds (), fds);
  return 0;
}
