/* An atfork prepare handler that registers more atfork handlers and
   dlcloses a module with handlers of its own, during clone3_fork in a
   multithreaded process (glibc's tst-atfork4): no deadlock; the handlers
   registered during a fork do not run in it but run in the next one; the
   module's handlers never run; every handler runs exactly once per
   fork, in the parent and in the child.  */
/* { dg-do run } */
/* { dg-module atfork-register-in-handler-mod.c } */

#define CLONE3_TEST_TIMEOUT 30
#include "clone3-test.h"
#include "test-child.h"
#include "test-atfork.h"
#include "strategy-util.h"

#include <dlfcn.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdint.h>

#ifndef MODULE_PATH
# error "MODULE_PATH is not defined: the dg-module directive did not run"
#endif

static void *handle;
static int module_calls;
static int runcount;		/* The test's own handlers.  */
static int second_runcount;	/* Handlers registered during a fork.  */
static int register_failed;

static void
second (void)
{
  ++second_runcount;
}

static void
prepare (void)
{
  if (pthread_atfork (second, second, second) != 0)
    register_failed = 1;
  if (handle != NULL)
    {
      if (dlclose (handle) != 0)
	register_failed = 1;
      handle = NULL;
    }
  ++runcount;
}

static void
after (void)
{
  ++runcount;
}

/* Fork; parent and child both check the counts.  */
static void
one (int round, int exp_runcount, int exp_second)
{
  struct clone_args a = test_args (CLONE_PIDFD, SIGCHLD);
  int pidfd = -1;
  a.pidfd = (uintptr_t) &pidfd;
  pid_t pid = clone3_fork (&a, sizeof a);
  if (pid < 0)
    FAIL_EXIT ("clone3_fork: %s", strerror (errno));
  if (runcount != exp_runcount || second_runcount != exp_second
      || module_calls != 0 || register_failed)
    {
      fprintf (stderr, "fork %d, %s: own handlers ran %d times (expected "
	       "%d), handlers registered during a fork %d (expected %d), "
	       "module handlers %d (expected 0)%s\n", round,
	       pid == 0 ? "child" : "parent", runcount, exp_runcount,
	       second_runcount, exp_second, module_calls,
	       register_failed ? ", pthread_atfork or dlclose failed" : "");
      if (pid == 0)
	_exit (1);
      exit (1);
    }
  if (pid == 0)
    _exit (0);
  CHECK_EQ (test_pidfd_pid (pidfd), pid);
  int status;
  if (!test_wait_bounded (pid, 5000, &status))
    FAIL_EXIT ("fork %d: the child hung", round);
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    FAIL_EXIT ("fork %d: child status %#x", round, status);
  close (pidfd);
}

static int
do_test (void)
{
  test_catch_unloaded_calls ();
  pthread_t t = test_start_idle_thread ();

  handle = dlopen (MODULE_PATH, RTLD_LAZY);
  if (handle == NULL)
    FAIL_EXIT ("dlopen %s: %s", MODULE_PATH, dlerror ());
  int (*reg) (int *) = (int (*) (int *)) dlsym (handle,
						 "reg_atfork_handlers");
  if (reg == NULL)
    FAIL_EXIT ("dlsym: %s", dlerror ());
  CHECK_EQ (reg (&module_calls), 0);
  /* Registered after the module's, so that our prepare runs first and
     unloads the module before its prepare could run.  */
  CHECK_EQ (pthread_atfork (prepare, after, after), 0);

  one (1, 2, 0);
  void *h = dlopen (MODULE_PATH, RTLD_NOW | RTLD_NOLOAD);
  if (h != NULL)
    {
      dlclose (h);
      UNSUPPORTED ("dlclose did not unload the module");
    }
  /* The handlers the first fork registered run now, once per side; the
     second fork registers another set, which does not
     until the third (two sets, four calls per side).  */
  one (2, 4, 2);
  one (3, 6, 6);

  test_stop_idle_thread (t);
  return 0;
}
