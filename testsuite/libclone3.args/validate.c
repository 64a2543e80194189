/* Each of the kernel's clone3 argument rules gives its exact errno
   through all three functions, and no child; and the sizes the kernel
   accepts (64, 80, 88, and 96 with a zero tail) make a child.  With
   clone3 the kernel itself answers; without it (the ENOSYS variant) the
   library reproduces its answers, except for what the legacy clone call
   cannot carry (a flag it does not know, a non-zero field past the
   structure), which fails with ENOSYS.  */
/* { dg-do run } */

#include "clone3-test.h"
#include "test-child.h"

#include <sys/mman.h>

static int
never (void *arg)
{
  (void) arg;
  _exit (99);
}

static int
exit_seven (void *arg)
{
  (void) arg;
  return 7;
}


static pid_t
call (enum test_which w, struct clone_args *a, size_t size)
{
  pid_t r;
  switch (w)
    {
    case TEST_CLONE3:
      return clone3 (a, size, never, NULL);
    case TEST_FORK:
      r = clone3_fork (a, size);
      break;
    default:
      r = clone3_fork_raw (a, size);
      break;
    }
  if (r == 0)
    _exit (99);			/* A child that should not exist.  */
  return r;
}

#define EXPECT(w, a, size, err)						\
  do									\
    {									\
      errno = 0;							\
      pid_t r_ = call ((w), (a), (size));				\
      int e_ = errno;							\
      if (r_ != -1 || e_ != (err))					\
	FAIL_EXIT ("%s, %s: returned %d, errno %d (%s); expected %s",	\
		   test_names[w], what, (int) r_, e_, strerror (e_), #err);	\
    }									\
  while (0)

static int
do_test (void)
{
  long page = sysconf (_SC_PAGESIZE);
  /* Room for oversized blocks, with a zero tail.  */
  unsigned char *big = calloc (1, page + 64);
  CHECK (big != NULL);
  struct clone_args *a = (struct clone_args *) big;
  static char stack[16384];
  const char *what;
  /* What a flag or a field newer than the legacy call gives.  */
  const int newer = clone3_test_enosys ? ENOSYS : 0;

  for (int w = TEST_CLONE3; w <= TEST_FORK_RAW; ++w)
    {
      memset (big, 0, page + 64);
      a->exit_signal = SIGCHLD;

      what = "size 0";
      EXPECT (w, a, 0, EINVAL);
      what = "size 56";
      EXPECT (w, a, 56, EINVAL);
      what = "size page + 8";
      EXPECT (w, a, page + 8, E2BIG);
      what = "size 104, non-zero tail";
      big[100] = 1;
      if (newer)
	EXPECT (w, a, 104, ENOSYS);
      else
	EXPECT (w, a, 104, E2BIG);
      big[100] = 0;

      what = "exit_signal 0x100";
      a->exit_signal = 0x100;
      EXPECT (w, a, sizeof *a, EINVAL);
      what = "exit_signal 0xf0";
      a->exit_signal = 0xf0;
      EXPECT (w, a, sizeof *a, EINVAL);
      what = "exit_signal 0x80000000";
      a->exit_signal = 0x80000000ULL;
      EXPECT (w, a, sizeof *a, EINVAL);
      what = "exit_signal high bits";
      a->exit_signal = (1ULL << 40) | SIGCHLD;
      EXPECT (w, a, sizeof *a, EINVAL);
      a->exit_signal = SIGCHLD;

      /* Linux 7.1's CLONE_AUTOREAP, which takes no exit signal; before
	 7.1 an unknown flag.  */
      what = "flag bit 34 with SIGCHLD";
      a->flags = 1ULL << 34;
      if (newer)
	EXPECT (w, a, sizeof *a, ENOSYS);
      else
	EXPECT (w, a, sizeof *a, EINVAL);
      what = "unknown flag bit 63";
      a->flags = 1ULL << 63;
      if (newer)
	EXPECT (w, a, sizeof *a, ENOSYS);
      else
	EXPECT (w, a, sizeof *a, EINVAL);
      what = "CLONE_DETACHED";
      a->flags = 0x00400000;
      EXPECT (w, a, sizeof *a, EINVAL);
      what = "a CSIGNAL bit in flags";
      a->flags = SIGCHLD;
      EXPECT (w, a, sizeof *a, EINVAL);
      what = "CLONE_SIGHAND | CLONE_CLEAR_SIGHAND";
      a->flags = CLONE_SIGHAND | CLONE_VM | CLONE_CLEAR_SIGHAND;
      EXPECT (w, a, sizeof *a, EINVAL);
      what = "CLONE_PARENT with an exit signal";
      a->flags = CLONE_PARENT;
      EXPECT (w, a, sizeof *a, EINVAL);
      what = "CLONE_INTO_CGROUP with size VER1";
      a->flags = CLONE_INTO_CGROUP;
      a->cgroup = 0;
      EXPECT (w, a, CLONE_ARGS_SIZE_VER1, EINVAL);
      what = "CLONE_INTO_CGROUP with cgroup > INT_MAX";
      a->cgroup = 1ULL << 31;
      EXPECT (w, a, sizeof *a, EINVAL);
      a->cgroup = 0;
      a->flags = 0;

      what = "set_tid_size without set_tid";
      a->set_tid_size = 1;
      EXPECT (w, a, sizeof *a, EINVAL);
      what = "set_tid without set_tid_size";
      pid_t tid = 1000;
      a->set_tid = (uintptr_t) &tid;
      a->set_tid_size = 0;
      EXPECT (w, a, sizeof *a, EINVAL);
      what = "set_tid_size 33";
      a->set_tid_size = 33;
      EXPECT (w, a, sizeof *a, EINVAL);
      a->set_tid = 0;
      a->set_tid_size = 0;

      what = "stack without size";
      a->stack = (uintptr_t) stack;
      EXPECT (w, a, sizeof *a, EINVAL);
      what = "size without stack";
      a->stack = 0;
      a->stack_size = sizeof stack;
      EXPECT (w, a, sizeof *a, EINVAL);
      a->stack_size = 0;

      /* Rules of the kernel's copy_process, common to clone.  */
      if (w == TEST_CLONE3)
	{
	  a->stack = (uintptr_t) stack;
	  a->stack_size = sizeof stack;
	}
      what = "CLONE_SIGHAND without CLONE_VM";
      a->flags = CLONE_SIGHAND;
      EXPECT (w, a, sizeof *a, EINVAL);
      what = "CLONE_THREAD without CLONE_SIGHAND";
      a->flags = CLONE_THREAD | CLONE_VM;
      a->exit_signal = 0;
      EXPECT (w, a, sizeof *a, EINVAL);
      a->exit_signal = SIGCHLD;
      what = "CLONE_FS | CLONE_NEWNS";
      a->flags = CLONE_FS | CLONE_NEWNS;
      EXPECT (w, a, sizeof *a, EINVAL);
      a->flags = 0;
      a->stack = 0;
      a->stack_size = 0;

      what = "NULL cl_args";
      EXPECT (w, NULL, sizeof *a, w == TEST_CLONE3 ? EINVAL : EFAULT);
      what = "cl_args at an unmapped address";
      EXPECT (w, (struct clone_args *) 8, sizeof *a, EFAULT);

      /* A block that runs into an unreadable page.  */
      unsigned char *pages = mmap (NULL, 2 * page, PROT_READ | PROT_WRITE,
				   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      CHECK (pages != MAP_FAILED);
      /* Unreadable, but kept mapped: no other mapping can take its
	 place meanwhile.  */
      CHECK (mprotect (pages + page, page, PROT_NONE) == 0);
      struct clone_args *edge = (struct clone_args *) (pages + page - 64);
      memset (edge, 0, 64);
      edge->exit_signal = SIGCHLD;
      what = "block ending in an unreadable page";
      EXPECT (w, edge, sizeof *edge, EFAULT);
      what = "tail running into an unreadable page";
      EXPECT (w, edge, 128, EFAULT);
      CHECK (munmap (pages, 2 * page) == 0);

      what = "bad pidfd pointer";
      a->flags = CLONE_PIDFD;
      a->pidfd = 8;
      EXPECT (w, a, sizeof *a, EFAULT);
      a->flags = 0;
      a->pidfd = 0;
    }

  /* The callback form's own rules.  */
  memset (big, 0, page + 64);
  a->exit_signal = SIGCHLD;
  what = "NULL function";
  CHECK_ERRNO (clone3 (a, sizeof *a, NULL, NULL), EINVAL);
  what = "CLONE_VM without a stack or CLONE_VFORK";
  a->flags = CLONE_VM;
  EXPECT (TEST_CLONE3, a, sizeof *a, EINVAL);

  /* The fork forms' own rules: no stack, no flags that make a thread or
     touch the TID pointer the implementation owns.  */
  static const struct { unsigned long long flags; const char *name; }
  refused[] = {
    { CLONE_VM, "CLONE_VM" },
    { CLONE_VM | CLONE_VFORK, "CLONE_VM | CLONE_VFORK" },
    { CLONE_THREAD | CLONE_SIGHAND | CLONE_VM, "CLONE_THREAD" },
    { CLONE_SIGHAND | CLONE_VM, "CLONE_SIGHAND" },
    { CLONE_SETTLS, "CLONE_SETTLS" },
    { CLONE_CHILD_SETTID, "CLONE_CHILD_SETTID" },
    { CLONE_CHILD_CLEARTID, "CLONE_CHILD_CLEARTID" },
  };
  for (int w = TEST_FORK; w <= TEST_FORK_RAW; ++w)
    {
      for (size_t i = 0; i < sizeof refused / sizeof refused[0]; ++i)
	{
	  memset (a, 0, sizeof *a);
	  a->flags = refused[i].flags;
	  a->exit_signal = (refused[i].flags & CLONE_THREAD) ? 0 : SIGCHLD;
	  what = refused[i].name;
	  EXPECT (w, a, sizeof *a, EINVAL);
	}
      memset (a, 0, sizeof *a);
      a->exit_signal = SIGCHLD;
      a->stack = (uintptr_t) stack;
      a->stack_size = sizeof stack;
      what = "a stack";
      EXPECT (w, a, sizeof *a, EINVAL);
    }

  /* The sizes the kernel accepts: every published version, and a
     longer block whose tail is zero.  */
  static const size_t good_sizes[] = { CLONE_ARGS_SIZE_VER0,
				       CLONE_ARGS_SIZE_VER1,
				       CLONE_ARGS_SIZE_VER2, 96 };
  for (int w = TEST_CLONE3; w <= TEST_FORK_RAW; ++w)
    for (size_t i = 0; i < sizeof good_sizes / sizeof good_sizes[0]; ++i)
      {
	memset (big, 0, page + 64);
	a->exit_signal = SIGCHLD;
	errno = 0;
	pid_t pid;
	if (w == TEST_CLONE3)
	  pid = clone3 (a, good_sizes[i], exit_seven, NULL);
	else
	  {
	    pid = w == TEST_FORK ? clone3_fork (a, good_sizes[i])
		  : clone3_fork_raw (a, good_sizes[i]);
	    if (pid == 0)
	      _exit (7);
	  }
	if (pid <= 0)
	  FAIL_EXIT ("%s, size %zu: %s", test_names[w], good_sizes[i],
		     strerror (errno));
	CHECK_EQ (test_wait_exit (pid), 7);
      }

  /* No child was made by any of it.  */
  errno = 0;
  CHECK (waitpid (-1, NULL, WNOHANG | __WALL) == -1 && errno == ECHILD);
  free (big);
  return 0;
}
