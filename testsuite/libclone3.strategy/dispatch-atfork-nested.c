/* clone3_fork called from a pthread_atfork prepare handler of an outer
   clone3_fork (glibc's fork allows fork there): each call makes its own
   child with its own arguments, as fork () nested the same way makes
   two children.  The outer call asks for CLONE_PIDFD, the inner one for
   CLONE_PARENT_SETTID; each child exits with its own status.  In a
   second round the inner child does not exit in the handler but carries
   on with the outer call, which makes it a child of its own (with the
   outer call's arguments), as with fork ().  Then a signal handler at
   every depth: a prepare handler unblocks and raises SIGUSR1, whose
   handler calls clone3_fork, whose prepare handler does the same, three
   deep; each call's child and PARENT_SETTID word are its own.  fork ()
   runs each scenario first, as the reference for the counts of handler
   calls and the children's statuses.  */
/* { dg-do run } */

#define CLONE3_TEST_TIMEOUT 30
#include "clone3-test.h"
#include "test-child.h"
#include "strategy-util.h"

#include <stdint.h>
#include <sys/mman.h>

enum { BY_FORK, BY_CLONE3_FORK };

/* Shared with the children, which count their handler calls too.  */
struct counts
{
  int prepare, parent, child;
};
static struct counts *counts;

static int maker, nest, carry_on;
static pid_t main_pid;
static volatile pid_t inner_pid = -2, inner_ptid;
static volatile int inner_errno, inner_pidfd_word;

static void
prepare (void)
{
  __atomic_add_fetch (&counts->prepare, 1, __ATOMIC_RELAXED);
  if (!nest)
    return;
  nest = 0;
  pid_t pid;
  int pidfd = -1;
  pid_t ptid = 0;
  if (maker == BY_FORK)
    pid = fork ();
  else
    {
      struct clone_args a = test_args (CLONE_PARENT_SETTID, SIGCHLD);
      a.parent_tid = (uintptr_t) &ptid;
      pid = clone3_fork (&a, sizeof a);
    }
  if (pid == 0 && !carry_on)
    _exit (22);
  if (pid == 0)
    return;
  inner_errno = errno;
  inner_pid = pid;
  inner_ptid = ptid;
  inner_pidfd_word = pidfd;
}

static void
parent (void)
{
  __atomic_add_fetch (&counts->parent, 1, __ATOMIC_RELAXED);
}

static void
child (void)
{
  __atomic_add_fetch (&counts->child, 1, __ATOMIC_RELAXED);
}

/* One round; returns the handler counts (in the parent and all the
   children).  */
static struct counts
round_with (int m, int carry)
{
  const char *what = m == BY_FORK ? "fork ()" : "clone3_fork";
  memset (counts, 0, sizeof *counts);
  maker = m;
  carry_on = carry;
  inner_pid = -2;
  nest = 1;
  int pidfd = -1;
  pid_t pid;
  if (m == BY_FORK)
    pid = fork ();
  else
    {
      struct clone_args a = test_args (CLONE_PIDFD, SIGCHLD);
      a.pidfd = (uintptr_t) &pidfd;
      pid = clone3_fork (&a, sizeof a);
    }
  if (pid == 0)
    _exit (11);
  if (getpid () != main_pid)
    {
      /* The inner child, carrying on with the outer call: its own
	 child, made with the outer call's arguments.  */
      if (pid < 0)
	_exit (40);
      if (m == BY_CLONE3_FORK && test_pidfd_pid (pidfd) != pid)
	_exit (41);
      int st = test_wait (pid);
      _exit (WIFEXITED (st) && WEXITSTATUS (st) == 11 ? 33 : 42);
    }
  if (pid < 0)
    FAIL_EXIT ("%s: the outer call: %s", what, strerror (errno));
  if (inner_pid < 0)
    FAIL_EXIT ("%s: the inner call (in the prepare handler): %s", what,
	       inner_pid == -2 ? "not made" : strerror (inner_errno));
  if (m == BY_CLONE3_FORK)
    {
      if (test_pidfd_pid (pidfd) != pid)
	FAIL_EXIT ("%s: the outer pidfd does not name the outer child %d",
		   what, (int) pid);
      if (inner_ptid != inner_pid)
	FAIL_EXIT ("%s: the inner PARENT_SETTID word is %d, not the inner "
		   "child %d", what, (int) inner_ptid, (int) inner_pid);
      if (inner_pidfd_word != -1)
	FAIL_EXIT ("%s: the inner call wrote a pidfd", what);
      close (pidfd);
    }
  int st = test_wait (pid);
  if (!WIFEXITED (st) || WEXITSTATUS (st) != 11)
    FAIL_EXIT ("%s: the outer child ended with status %#x, not exit 11",
	       what, st);
  st = test_wait (inner_pid);
  int want = carry ? 33 : 22;
  if (!WIFEXITED (st) || WEXITSTATUS (st) != want)
    FAIL_EXIT ("%s: the inner child ended with status %#x, not exit %d",
	       what, st, want);
  errno = 0;
  if (waitpid (-1, NULL, __WALL | WNOHANG) != -1 || errno != ECHILD)
    FAIL_EXIT ("%s: a process is left to reap", what);
  return *counts;
}

static void
expect_same (const char *what, struct counts got, struct counts ref)
{
  if (memcmp (&got, &ref, sizeof got) != 0)
    FAIL_EXIT ("%s: handler calls prepare %d, parent %d, child %d; "
	       "fork () gives %d, %d, %d", what, got.prepare, got.parent,
	       got.child, ref.prepare, ref.parent, ref.child);
  printf ("%s: prepare %d, parent %d, child %d, as with fork ()\n", what,
	  got.prepare, got.parent, got.child);
}

/* Signal handlers at every depth.  */
#define DEPTH 3
static volatile int sig_depth, sig_maker;
static volatile pid_t sig_pid[DEPTH + 1], sig_ptid[DEPTH + 1];
static volatile int sig_errno[DEPTH + 1];

static pid_t
make_at (int level)
{
  if (sig_maker == BY_FORK)
    return fork ();
  struct clone_args a = test_args (CLONE_PARENT_SETTID, SIGCHLD);
  a.parent_tid = (uintptr_t) &sig_ptid[level];
  return clone3_fork (&a, sizeof a);
}

static void
on_usr1 (int sig)
{
  (void) sig;
  int saved = errno;
  int level = ++sig_depth;
  pid_t pid = make_at (level);
  if (pid == 0)
    _exit (10 + level);
  sig_errno[level] = errno;
  sig_pid[level] = pid;
  errno = saved;
}

static void
raise_deeper (void)
{
  if (sig_depth >= DEPTH || sig_pid[sig_depth + 1] != -2)
    return;
  sigset_t usr1;
  sigemptyset (&usr1);
  sigaddset (&usr1, SIGUSR1);
  /* clone3_fork may hold signals in its prepare handlers.  */
  pthread_sigmask (SIG_UNBLOCK, &usr1, NULL);
  raise (SIGUSR1);
}

static void
signal_round (int m)
{
  const char *what = m == BY_FORK ? "fork ()" : "clone3_fork";
  sig_maker = m;
  sig_depth = 0;
  for (int i = 0; i <= DEPTH; ++i)
    {
      sig_pid[i] = -2;
      sig_ptid[i] = 0;
    }
  pid_t pid = make_at (0);
  if (pid == 0)
    _exit (10);
  sig_errno[0] = errno;
  sig_pid[0] = pid;
  for (int level = 0; level <= DEPTH; ++level)
    {
      if (sig_pid[level] < 0)
	FAIL_EXIT ("%s, signal depth %d: %s", what, level,
		   sig_pid[level] == -2 ? "no call made"
		   : strerror (sig_errno[level]));
      if (m == BY_CLONE3_FORK && sig_ptid[level] != sig_pid[level])
	FAIL_EXIT ("%s, signal depth %d: PARENT_SETTID word %d, not the "
		   "child %d", what, level, (int) sig_ptid[level],
		   (int) sig_pid[level]);
      int st = test_wait (sig_pid[level]);
      if (!WIFEXITED (st) || WEXITSTATUS (st) != 10 + level)
	FAIL_EXIT ("%s, signal depth %d: the child ended with status %#x, "
		   "not exit %d", what, level, st, 10 + level);
    }
  errno = 0;
  if (waitpid (-1, NULL, __WALL | WNOHANG) != -1 || errno != ECHILD)
    FAIL_EXIT ("%s, signals: a process is left to reap", what);
  printf ("%s: a call at each of %d signal depths made its own child\n",
	  what, DEPTH + 1);
}

static int
do_test (void)
{
  main_pid = getpid ();
  counts = mmap (NULL, sizeof *counts, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  CHECK (counts != MAP_FAILED);
  CHECK_EQ (pthread_atfork (prepare, parent, child), 0);

  for (int carry = 0; carry < 2; ++carry)
    {
      const char *what = carry ? "the inner child carries on"
	: "the inner child exits in the handler";
      struct counts ref = round_with (BY_FORK, carry);
      for (int i = 0; i < 3; ++i)
	expect_same (what, round_with (BY_CLONE3_FORK, carry), ref);
    }

  struct sigaction sa;
  memset (&sa, 0, sizeof sa);
  sa.sa_handler = on_usr1;
  sa.sa_flags = SA_NODEFER;
  CHECK (sigaction (SIGUSR1, &sa, NULL) == 0);
  CHECK_EQ (pthread_atfork (raise_deeper, NULL, NULL), 0);
  signal_round (BY_FORK);
  for (int i = 0; i < 3; ++i)
    signal_round (BY_CLONE3_FORK);
  return 0;
}
