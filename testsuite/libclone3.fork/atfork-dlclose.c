/* The pthread_atfork handlers of a dlopen'ed module run in clone3_fork
   while the module is loaded and are gone once dlclose has unloaded it:
   clone3_fork must then not call them (their code is unmapped, so a call
   would crash, which the SIGSEGV handler reports), in the parent or in
   the child.  glibc's fork is checked the same way after clone3_fork.  */
/* { dg-do run } */
/* { dg-module atfork-dlclose-mod.c } */

#include "clone3-test.h"
#include "test-child.h"
#include "test-atfork.h"

#include <dlfcn.h>

#ifndef MODULE_PATH
# error "MODULE_PATH is not defined: the dg-module directive did not run"
#endif

/* prepare, parent, child calls of the module's handlers.  */
static int counts[3];

enum which { FORK, CLONE3_FORK };
static const char *const names[] = { "fork", "clone3_fork" };

/* Fork with W and check that the module's handlers ran EXPECT times
   (0 or 1) in parent and child.  */
static void
one (enum which w, int expect)
{
  struct clone_args a = test_args (0, SIGCHLD);
  counts[0] = counts[1] = counts[2] = 0;
  pid_t pid = w == FORK ? fork () : clone3_fork (&a, sizeof a);
  if (pid == 0)
    {
      if (counts[0] != expect || counts[1] != 0 || counts[2] != expect)
	{
	  fprintf (stderr, "%s child: module handlers ran %d/%d/%d times "
		   "(prepare/parent/child), expected %d/0/%d\n", names[w],
		   counts[0], counts[1], counts[2], expect, expect);
	  _exit (1);
	}
      _exit (0);
    }
  CHECK (pid > 0);
  int st = test_wait_exit (pid);
  if (counts[0] != expect || counts[1] != expect || counts[2] != 0)
    FAIL_EXIT ("%s parent: module handlers ran %d/%d/%d times "
	       "(prepare/parent/child), expected %d/%d/0", names[w],
	       counts[0], counts[1], counts[2], expect, expect);
  if (st != 0)
    FAIL_EXIT ("%s: child exit status %d", names[w], st);
}

static int
do_test (void)
{
  test_catch_unloaded_calls ();

  void *h = dlopen (MODULE_PATH, RTLD_NOW | RTLD_LOCAL);
  if (h == NULL)
    FAIL_EXIT ("dlopen %s: %s", MODULE_PATH, dlerror ());
  void (*set) (int *) = (void (*) (int *)) dlsym (h, "mod_set_counts");
  if (set == NULL)
    FAIL_EXIT ("dlsym mod_set_counts: %s", dlerror ());
  set (counts);

  /* Loaded: the handlers run, through clone3_fork as through fork.  */
  one (CLONE3_FORK, 1);
  one (FORK, 1);

  CHECK_EQ (dlclose (h), 0);
  void *again = dlopen (MODULE_PATH, RTLD_NOW | RTLD_NOLOAD);
  if (again != NULL)
    {
      dlclose (again);
      UNSUPPORTED ("dlclose did not unload the module");
    }

  /* Unloaded: calling a handler now would jump into unmapped memory.  */
  one (CLONE3_FORK, 0);
  one (FORK, 0);
  one (CLONE3_FORK, 0);
  return 0;
}
