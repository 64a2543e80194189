/* An atfork handler that dlcloses a module whose own atfork handlers are
   registered after it, in its prepare, parent or child stage (glibc's
   tst-atfork3, BZ #24595), in a multithreaded process: clone3_fork
   neither deadlocks nor calls the unloaded module's remaining handlers
   (which would crash), runs the module's handlers of the earlier stages
   exactly once, and runs the test's own handlers exactly once each.  */
/* { dg-do run } */
/* { dg-module atfork-dlclose-in-handler-mod.c } */

#define CLONE3_TEST_TIMEOUT 30
#include "clone3-test.h"
#include "test-child.h"
#include "test-atfork.h"
#include "strategy-util.h"

#include <dlfcn.h>
#include <pthread.h>
#include <semaphore.h>

#ifndef MODULE_PATH
# error "MODULE_PATH is not defined: the dg-module directive did not run"
#endif

enum stage { PREPARE, PARENT, CHILD };
static const char *const stage_names[] = { "prepare", "parent", "child" };

static void *handle;
static enum stage close_in;
/* The module's handlers' calls, and the test's own.  */
static int mod_counts[3];
static int own_counts[3];

static void
own (enum stage s)
{
  ++own_counts[s];
  if (s == close_in && handle != NULL)
    {
      if (dlclose (handle) != 0)
	{
	  static const char msg[] = "dlclose in an atfork handler failed\n";
	  if (write (STDERR_FILENO, msg, sizeof msg - 1) < 0)
	    _exit (5);
	  _exit (5);
	}
      handle = NULL;
    }
}

static void prepare (void) { own (PREPARE); }
static void parent (void) { own (PARENT); }
static void child (void) { own (CHILD); }

static int
unloaded (void)
{
  void *h = dlopen (MODULE_PATH, RTLD_NOW | RTLD_NOLOAD);
  if (h != NULL)
    dlclose (h);
  return h == NULL;
}

/* Expected module handler calls seen by the parent and by the child,
   when the module is closed in stage S.  The module's prepare (newer)
   runs before the test's; its parent and child (newer) after the
   test's.  */
static void
check_counts (enum stage s, int in_child)
{
  int exp_prepare = 1;
  int exp_parent = !in_child && s != PARENT && s != PREPARE;
  int exp_child = in_child && s != CHILD && s != PREPARE;
  int exp_own_parent = !in_child, exp_own_child = in_child;
  if (mod_counts[0] != exp_prepare || mod_counts[1] != exp_parent
      || mod_counts[2] != exp_child || own_counts[0] != 1
      || own_counts[1] != exp_own_parent || own_counts[2] != exp_own_child)
    {
      fprintf (stderr, "dlclose in %s, %s: module handlers ran %d/%d/%d "
	       "times, expected %d/%d/%d; own handlers %d/%d/%d, expected "
	       "1/%d/%d\n", stage_names[s], in_child ? "child" : "parent",
	       mod_counts[0], mod_counts[1], mod_counts[2], exp_prepare,
	       exp_parent, exp_child, own_counts[0], own_counts[1],
	       own_counts[2], exp_own_parent, exp_own_child);
      if (in_child)
	_exit (4);
      exit (1);
    }
}

static int
do_test (void)
{
  test_catch_unloaded_calls ();
  /* Nothing to test where dlclose never unloads (musl's).  */
  handle = dlopen (MODULE_PATH, RTLD_NOW);
  if (handle == NULL)
    FAIL_EXIT ("dlopen %s: %s", MODULE_PATH, dlerror ());
  CHECK_EQ (dlclose (handle), 0);
  if (!unloaded ())
    UNSUPPORTED ("dlclose did not unload the module");
  /* A multithreaded process, as in tst-atfork3.  */
  pthread_t t = test_start_idle_thread ();

  CHECK_EQ (pthread_atfork (prepare, parent, child), 0);
  for (enum stage s = PREPARE; s <= CHILD; ++s)
    {
      handle = dlopen (MODULE_PATH, RTLD_NOW);
      if (handle == NULL)
	FAIL_EXIT ("dlopen %s: %s", MODULE_PATH, dlerror ());
      int (*reg) (int *) = (int (*) (int *)) dlsym (handle, "mod_register");
      if (reg == NULL)
	FAIL_EXIT ("dlsym mod_register: %s", dlerror ());
      CHECK_EQ (reg (mod_counts), 0);
      memset (mod_counts, 0, sizeof mod_counts);
      memset (own_counts, 0, sizeof own_counts);
      close_in = s;

      struct clone_args a = test_args (0, SIGCHLD);
      pid_t pid = clone3_fork (&a, sizeof a);
      if (pid == 0)
	{
	  check_counts (s, 1);
	  if ((s != PARENT) != unloaded ())
	    {
	      fprintf (stderr, "child: the module is %sloaded after "
		       "dlclose in %s\n", unloaded () ? "un" : "still ",
		       stage_names[s]);
	      _exit (6);
	    }
	  _exit (0);
	}
      if (pid < 0)
	FAIL_EXIT ("clone3_fork: %s", strerror (errno));
      int status;
      if (!test_wait_bounded (pid, 5000, &status))
	FAIL_EXIT ("dlclose in %s: the child hung", stage_names[s]);
      if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
	FAIL_EXIT ("dlclose in %s: child status %#x", stage_names[s],
		   status);
      check_counts (s, 0);
      if (s == CHILD)
	{
	  /* The parent still has it.  */
	  CHECK (handle != NULL && !unloaded ());
	  CHECK_EQ (dlclose (handle), 0);
	  handle = NULL;
	}
      if (!unloaded ())
	UNSUPPORTED ("dlclose did not unload the module");
    }
  test_stop_idle_thread (t);
  return 0;
}
