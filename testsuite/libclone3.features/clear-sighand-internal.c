/* CLONE_CLEAR_SIGHAND through clone3_fork and clone3_fork_raw, with
   clone3 and with its emulation on the legacy clone path, leaves glibc's
   own signals alone, as fork's child has them: SIGCANCEL and SIGSETXID
   keep the parent's actions.  glibc installs their handlers once per
   process and remembers it (pthread_cancel's init_sigcancel, and
   pthread_create's late_init while __libc_single_threaded), and a child
   inherits that memory, so a child whose handlers were reset would die
   of the first setuid with another thread running (signal 33), or of
   the first asynchronous pthread_cancel (signal 32).  The application's
   own handlers are reset all the same, an ignored signal stays ignored,
   and the parent keeps everything.  A plain fork child runs the same
   checks first, as the reference.  Without the ENOSYS variant, clone3
   is also taken away after the library has used it.  */
/* { dg-do run } */

#include "clone3-test.h"
#include "test-child.h"

#include <pthread.h>

#ifdef __SIGRTMIN
/* glibc's internal signals (sysdeps/unix/sysv/linux/internal-signals.h):
   below SIGRTMIN, which glibc moves up past them.  */
# define TEST_SIGCANCEL __SIGRTMIN
# define TEST_SIGSETXID (__SIGRTMIN + 1)
#else
/* musl's (src/internal/pthread_impl.h): SIGCANCEL, and SIGSYNCCALL, with
   which setuid reaches every thread.  */
# define TEST_SIGCANCEL 33
# define TEST_SIGSETXID 34
#endif

/* A kernel struct sigaction with room to spare, zero-filled, so that
   two of them compare whole whatever the architecture's layout.  */
struct kernel_action
{
  unsigned long words[16];
};

/* The kernel's action for SIG: glibc's sigaction refuses its internal
   signals.  0 or -1.  */
static int
kernel_action (int sig, struct kernel_action *k)
{
  memset (k, 0, sizeof *k);
  return syscall (SYS_rt_sigaction, sig, NULL, k, _NSIG / 8) == 0 ? 0 : -1;
}

static struct kernel_action parent_cancel, parent_setxid;

static volatile sig_atomic_t handler_ran;

static void
on_signal (int sig)
{
  (void) sig;
  handler_ran = 1;
}

/* Handled in the parent, to be SIG_DFL in the child.  */
#define HANDLED SIGUSR1
/* Ignored in the parent, to stay so.  */
#define IGNORED SIGUSR2

/* The sleeper's thread ID, once it runs, and when it may go.  */
static volatile pid_t sleeper_tid;
static volatile int sleeper_go;

/* Waits, with cancellation disabled, until told to go, then acts on a
   pending cancellation.  */
static void *
sleeper (void *arg)
{
  (void) arg;
  pthread_setcancelstate (PTHREAD_CANCEL_DISABLE, NULL);
  sleeper_tid = (pid_t) syscall (SYS_gettid);
  while (!sleeper_go)
    usleep (1000);
  pthread_setcancelstate (PTHREAD_CANCEL_ENABLE, NULL);
  pthread_testcancel ();
  return NULL;
}

/* Cancel the sleeper T and have SIGCANCEL delivered to it as
   pthread_cancel delivers it (tgkill from the process itself), while
   it lives and ignores cancellation: pthread_cancel first, which has
   glibc install the signal's handler if it has not yet (glibc 2.41
   installs it only then), then the signal, which kills the process if
   the handler is not there.  Deferred, not asynchronous, cancellation:
   the thread then unwinds from pthread_testcancel, not through a signal
   frame (which crashed or hung now and then under QEMU's emulation on
   some kernels, fork's own child too).  Returns 0 if T ended
   cancelled.  */
static int
cancel_sleeper (pthread_t t)
{
  while (sleeper_tid == 0)
    sched_yield ();
  pid_t tid = sleeper_tid;
  void *ret = NULL;
  int r = pthread_cancel (t) == 0
	  && syscall (SYS_tgkill, getpid (), tid, TEST_SIGCANCEL) == 0;
  sleeper_go = 1;
  if (pthread_join (t, &ret) != 0 || ret != PTHREAD_CANCELED)
    r = 0;
  sleeper_tid = 0;
  sleeper_go = 0;
  return r ? 0 : -1;
}

/* Bits in the child's exit status.  */
enum
{
  NOT_DEFAULT = 1,
  NOT_IGNORED = 2,
  CANCEL_ACTION = 4,
  SETXID_ACTION = 8,
  NO_THREAD = 16,
  SETUID_FAILED = 32,
  NOT_CANCELLED = 64,
};

/* The child's checks; CLEARED says whether its handlers were reset.
   The status: 0 or the bits of what failed.  A lost internal handler
   kills it instead, with the internal signal.  */
static int
child_body (int cleared)
{
  int bad = 0;
  struct sigaction old;
  if (sigaction (HANDLED, NULL, &old) != 0
      || old.sa_handler != (cleared ? SIG_DFL : on_signal))
    bad |= NOT_DEFAULT;
  if (sigaction (IGNORED, NULL, &old) != 0 || old.sa_handler != SIG_IGN)
    bad |= NOT_IGNORED;
  struct kernel_action k;
  if (kernel_action (TEST_SIGCANCEL, &k) != 0
      || memcmp (&k, &parent_cancel, sizeof k) != 0)
    bad |= CANCEL_ACTION;
  if (kernel_action (TEST_SIGSETXID, &k) != 0
      || memcmp (&k, &parent_setxid, sizeof k) != 0)
    bad |= SETXID_ACTION;

  /* setuid signals every other thread with SIGSETXID.  */
  pthread_t t;
  if (pthread_create (&t, NULL, sleeper, NULL) != 0)
    return bad | NO_THREAD;
  if (setuid (getuid ()) != 0)
    bad |= SETUID_FAILED;
  /* And the thread is cancelled with SIGCANCEL.  */
  if (cancel_sleeper (t) != 0)
    bad |= NOT_CANCELLED;
  if (handler_ran)
    bad |= NOT_DEFAULT;
  return bad;
}

static void
check_child (pid_t pid, const char *what)
{
  int status = test_wait (pid);
  if (WIFSIGNALED (status))
    FAIL_EXIT ("%s: the child was killed by signal %d (%d: SIGCANCEL, "
	       "%d: SIGSETXID, lost)", what, WTERMSIG (status),
	       TEST_SIGCANCEL, TEST_SIGSETXID);
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    FAIL_EXIT ("%s: the child's status %#x (exit bits: 1 the handler "
	       "not reset, 2 the ignored signal not ignored, 4 SIGCANCEL's "
	       "action, 8 SIGSETXID's action not the parent's, 16 no "
	       "thread, 32 setuid failed, 64 no cancellation)", what,
	       status);
}

/* The parent's actions are as they were.  */
static void
check_parent (const char *what)
{
  struct sigaction old;
  CHECK (sigaction (HANDLED, NULL, &old) == 0);
  if (old.sa_handler != on_signal)
    FAIL_EXIT ("%s: the parent lost its handler", what);
  CHECK (sigaction (IGNORED, NULL, &old) == 0);
  if (old.sa_handler != SIG_IGN)
    FAIL_EXIT ("%s: the parent no longer ignores %d", what, IGNORED);
  struct kernel_action k;
  CHECK (kernel_action (TEST_SIGCANCEL, &k) == 0);
  if (memcmp (&k, &parent_cancel, sizeof k) != 0)
    FAIL_EXIT ("%s: the parent's SIGCANCEL action changed", what);
  CHECK (kernel_action (TEST_SIGSETXID, &k) == 0);
  if (memcmp (&k, &parent_setxid, sizeof k) != 0)
    FAIL_EXIT ("%s: the parent's SIGSETXID action changed", what);
  if (handler_ran)
    FAIL_EXIT ("%s: the parent's handler ran", what);
}

static void
run (enum test_which w)
{
  struct clone_args a = test_args (CLONE_CLEAR_SIGHAND, SIGCHLD);
  pid_t pid = (w == TEST_FORK ? clone3_fork (&a, sizeof a)
	       : clone3_fork_raw (&a, sizeof a));
  if (pid == 0)
    _exit (child_body (1));
  if (pid < 0)
    FAIL_EXIT ("%s: %s", test_names[w], strerror (errno));
  check_child (pid, test_names[w]);
  check_parent (test_names[w]);
}

static int
do_test (void)
{
  struct sigaction sa;
  memset (&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  CHECK (sigaction (HANDLED, &sa, NULL) == 0);
  sa.sa_handler = SIG_IGN;
  CHECK (sigaction (IGNORED, &sa, NULL) == 0);

  /* Have glibc install both handlers and remember it: a first thread
     (SIGSETXID's), cancelled (SIGCANCEL's).  The process then has one
     thread again, but stays marked as multithreaded, so that a child
     would not install them again.  */
  pthread_t t;
  CHECK (pthread_create (&t, NULL, sleeper, NULL) == 0);
  CHECK (cancel_sleeper (t) == 0);
  CHECK (kernel_action (TEST_SIGCANCEL, &parent_cancel) == 0);
  CHECK (kernel_action (TEST_SIGSETXID, &parent_setxid) == 0);
  static const struct kernel_action untouched;
  if (memcmp (&parent_cancel, &untouched, sizeof untouched) == 0
      && memcmp (&parent_setxid, &untouched, sizeof untouched) == 0)
    UNSUPPORTED ("the C library installs no handler for signals %d and %d",
		 TEST_SIGCANCEL, TEST_SIGSETXID);

  /* The reference: fork's child passes the same checks.  */
  pid_t pid = fork ();
  if (pid == 0)
    _exit (child_body (0));
  CHECK (pid > 0);
  check_child (pid, "fork");

  run (TEST_FORK);
  run (TEST_FORK_RAW);

  /* clone3 lost after the library has used it (late-enosys.c): under
     dispatch on x86_64 the trampoline then makes the legacy clone after
     the handler has returned.  In a process of its own, which may find
     no seccomp filters (77).  */
  if (!clone3_test_enosys)
    {
      pid = fork ();
      if (pid == 0)
	{
	  test_force_enosys ();
	  run (TEST_FORK);
	  run (TEST_FORK_RAW);
	  exit (0);
	}
      CHECK (pid > 0);
      int status = test_wait (pid);
      if (WIFEXITED (status) && WEXITSTATUS (status) == 77)
	printf ("clone3 could not be taken away later\n");
      else if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
	FAIL_EXIT ("with clone3 gone later: status %#x", status);
    }

  errno = 0;
  CHECK (waitpid (-1, NULL, WNOHANG | __WALL) == -1 && errno == ECHILD);
  return 0;
}
