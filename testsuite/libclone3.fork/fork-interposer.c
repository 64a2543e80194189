/* A program whose fork is clone3_fork: its own definition of fork (as an
   LD_PRELOAD library's would be) makes every fork of the process,
   including the one the dispatch and relay strategies call through the
   PLT, a clone3_fork of a plain request.  That must not call itself
   without end: the process's fork, called back by the library, is
   glibc's fork, and the outer call's request shapes the child.

   - fork () works: one child, each atfork handler once;
   - clone3_fork with CLONE_PIDFD gets its pidfd (the outer request
     shapes the child), its handlers once, and the interposer sees the
     call once where the strategy calls fork (dispatch, relay);
   - clone3_fork_raw runs no handler;
   - a prepare handler's own clone3_fork, made inside glibc's fork, is a
     fork of its own: it makes its child, and the outer call still gets
     the child it asked for.

   The handler counts expected are those glibc's own fork (__fork, which
   the program's fork does not replace) gives in the same situations,
   checked first.  */
/* { dg-do run } */

#include "clone3-test.h"
#include "test-child.h"

#include <poll.h>
#include <pthread.h>
#include <stdint.h>

static int interposer_calls;

/* The process's fork.  */
pid_t
fork (void)
{
  ++interposer_calls;
  struct clone_args a = test_args (0, SIGCHLD);
  return clone3_fork (&a, sizeof a);
}

#ifdef __GLIBC__
/* glibc's own fork, the reference.  */
extern pid_t __fork (void);
#endif

static int prepares, parents, childs;
/* While set, the prepare handler makes a child of its own, once, with
   clone3_fork, or with glibc's own fork if NESTED_GLIBC is set.  */
static int nested_in_prepare;
static int nested_glibc;
static pid_t nested_child;

static void
prepare (void)
{
  ++prepares;
  if (nested_in_prepare)
    {
      nested_in_prepare = 0;
      struct clone_args a = test_args (0, SIGCHLD);
#ifdef __GLIBC__
      if (nested_glibc)
	nested_child = __fork ();
      else
#endif
	nested_child = clone3_fork (&a, sizeof a);
      if (nested_child == 0)
	_exit (5);
    }
}

static void parent (void) { ++parents; }
static void child (void) { ++childs; }

static void
reset (void)
{
  interposer_calls = prepares = parents = childs = 0;
}

#ifndef CLONE3_TEST_GLIBC
/* Whether the strategy that made the last child calls the process's
   fork (a patched C library's clone3_fork is its own fork).  */
static int
strategy_calls_fork (void)
{
  const char *s = clone3_fork_strategy ();
  return strcmp (s, "dispatch") == 0 || strcmp (s, "relay") == 0;
}
#endif

/* In the child: exit 0 if each handler ran as fork's child sees them
   (one prepare, inherited, and one child handler), else 1.  */
static void
child_check (int handlers)
{
  int ok = handlers ? prepares == 1 && childs == 1 && parents == 0
		    : prepares == 0 && childs == 0 && parents == 0;
  _exit (ok ? 0 : 1);
}

/* A CLONE_PIDFD request through clone3_fork; the child exits 0 if its
   handlers were right.  Returns the child's PID.  */
static pid_t
pidfd_child (int *pidfd)
{
  struct clone_args a = test_args (CLONE_PIDFD, SIGCHLD);
  *pidfd = -1;
  a.pidfd = (uintptr_t) pidfd;
  pid_t pid = clone3_fork (&a, sizeof a);
  if (pid == 0)
    child_check (1);
  if (pid < 0)
    FAIL_EXIT ("clone3_fork (CLONE_PIDFD): %s", strerror (errno));
  return pid;
}

/* The pidfd refers to PID, which exits with 0.  */
static void
check_pidfd (int pidfd, pid_t pid)
{
  CHECK (pidfd >= 0);
  struct pollfd p = { .fd = pidfd, .events = POLLIN };
  CHECK (poll (&p, 1, 10000) == 1);
  siginfo_t info;
  memset (&info, 0, sizeof info);
  CHECK (waitid (P_PIDFD, pidfd, &info, WEXITED) == 0);
  CHECK_EQ (info.si_pid, pid);
  CHECK_EQ (info.si_code, CLD_EXITED);
  CHECK_EQ (info.si_status, 0);
  CHECK (close (pidfd) == 0);
}

static int
do_test (void)
{
  CHECK_EQ (pthread_atfork (prepare, parent, child), 0);

#ifdef __GLIBC__
  /* The reference: glibc's own fork, plainly and with a fork in a
     prepare handler, gives the counts checked below.  */
  reset ();
  pid_t ref = __fork ();
  if (ref == 0)
    child_check (1);
  CHECK (ref > 0);
  CHECK_EQ (test_wait_exit (ref), 0);
  CHECK_EQ (prepares, 1);
  CHECK_EQ (parents, 1);
  CHECK_EQ (childs, 0);
  reset ();
  nested_in_prepare = nested_glibc = 1;
  nested_child = -1;
  ref = __fork ();
  if (ref == 0)
    _exit (prepares == 2 && parents == 1 && childs == 1 ? 0 : 1);
  CHECK (ref > 0 && nested_child > 0);
  CHECK_EQ (test_wait_exit (nested_child), 5);
  CHECK_EQ (test_wait_exit (ref), 0);
  CHECK_EQ (prepares, 2);
  CHECK_EQ (parents, 2);
  CHECK_EQ (interposer_calls, 0);
  nested_glibc = 0;
#endif

  /* The program's fork.  */
  reset ();
  pid_t pid = fork ();
  if (pid == 0)
    child_check (1);
  CHECK (pid > 0);
  CHECK_EQ (test_wait_exit (pid), 0);
  CHECK_EQ (prepares, 1);
  CHECK_EQ (parents, 1);
  CHECK_EQ (childs, 0);
  printf ("fork: interposer called %d times (%s)\n", interposer_calls,
	  clone3_fork_strategy ());

  /* A request fork cannot express.  */
  reset ();
  int pidfd;
  pid = pidfd_child (&pidfd);
  check_pidfd (pidfd, pid);
  CHECK_EQ (prepares, 1);
  CHECK_EQ (parents, 1);
#ifndef CLONE3_TEST_GLIBC
  if (strategy_calls_fork ())
    CHECK_EQ (interposer_calls, 1);
  else
    CHECK_EQ (interposer_calls, 0);
#endif

  /* _Fork's semantics: no handler, and no fork.  */
  reset ();
  struct clone_args a = test_args (0, SIGCHLD);
  pid = clone3_fork_raw (&a, sizeof a);
  if (pid == 0)
    child_check (0);
  CHECK (pid > 0);
  CHECK_EQ (test_wait_exit (pid), 0);
  CHECK_EQ (prepares + parents + childs, 0);

  /* A prepare handler's clone3_fork, inside glibc's fork.  Its own
     fork runs the prepare and parent handlers once more before the
     outer child is made, which inherits their counts.  */
  reset ();
  nested_in_prepare = 1;
  nested_child = -1;
  pid_t outer = fork ();
  if (outer == 0)
    _exit (prepares == 2 && parents == 1 && childs == 1 ? 0 : 1);
  CHECK (outer > 0);
  if (nested_child < 0)
    FAIL_EXIT ("the prepare handler's clone3_fork: %s", strerror (errno));
  CHECK_EQ (test_wait_exit (nested_child), 5);
  CHECK_EQ (test_wait_exit (outer), 0);
  CHECK_EQ (prepares, 2);
  CHECK_EQ (parents, 2);

  reset ();
  nested_in_prepare = 1;
  nested_child = -1;
  a = test_args (CLONE_PIDFD, SIGCHLD);
  pidfd = -1;
  a.pidfd = (uintptr_t) &pidfd;
  outer = clone3_fork (&a, sizeof a);
  if (outer == 0)
    _exit (prepares == 2 && parents == 1 && childs == 1 ? 0 : 1);
  if (outer < 0)
    FAIL_EXIT ("clone3_fork (CLONE_PIDFD): %s", strerror (errno));
  if (nested_child < 0)
    FAIL_EXIT ("the prepare handler's clone3_fork: %s", strerror (errno));
  CHECK_EQ (test_wait_exit (nested_child), 5);
  check_pidfd (pidfd, outer);
  CHECK_EQ (prepares, 2);
  CHECK_EQ (parents, 2);

  /* Nothing left over.  */
  errno = 0;
  CHECK (waitpid (-1, NULL, WNOHANG | __WALL) == -1 && errno == ECHILD);
  return 0;
}
