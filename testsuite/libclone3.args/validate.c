/* Each of the kernel's clone3 argument rules gives its exact errno
   through all three functions, and no child and no descriptor; and the
   sizes the kernel accepts (64, 80, 88, and 96 with a zero tail) make a
   child.  With clone3 the kernel itself answers; without it (the ENOSYS
   variant) the library reproduces its answers, except for what the
   legacy clone call cannot carry (a flag it does not know, a non-zero
   field past the structure), which fails with ENOSYS.

   The rules are a table: each case says which functions it applies to,
   how its argument block and size are made from a zeroed block with
   SIGCHLD as the exit signal, and the errno expected.

   Against a patched C library (testsuite/lib/glibc/clone3.h), a block
   that cannot be read is not the library's EFAULT: the C library reads
   it as any function reads its arguments, so the call either faults or
   passes the block to the kernel, which says EFAULT.  There those cases
   run in a subprocess that must die of SIGSEGV or SIGBUS, or get
   EFAULT, and never make a child.  */
/* { dg-do run } */

#include "clone3-test.h"
#include "test-child.h"

#include <stdint.h>
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

/* The functions a case applies to.  */
#define ON_CLONE3 (1u << TEST_CLONE3)
#define ON_FORKS ((1u << TEST_FORK) | (1u << TEST_FORK_RAW))
#define ON_ALL (ON_CLONE3 | ON_FORKS)

/* The argument block a case passes.  */
enum block
{
  BLOCK_ARGS,			/* The test's block, set up by the case.  */
  BLOCK_NULL,			/* NULL.  */
  BLOCK_UNMAPPED,		/* An address nothing is mapped at (8).  */
  BLOCK_EDGE			/* 64 zeroed bytes, with SIGCHLD as the exit
				   signal, before an unreadable page.  */
};

/* The size a case passes: a number of bytes, or one of these.  */
#define SIZE_FULL ((size_t) -1)		/* sizeof (struct clone_args).  */
#define SIZE_PAGE_PLUS_8 ((size_t) -2)	/* A page and 8 bytes.  */

/* What a case sets in the block.  */
enum stack_setup
{
  STACK_NONE,
  STACK_NO_SIZE,		/* A stack without its size.  */
  STACK_SIZE_ONLY,		/* A size without a stack.  */
  STACK_FULL,			/* A stack and its size.  */
  STACK_FOR_CLONE3		/* A stack and its size for clone3 (which
				   needs one with CLONE_VM), none for the
				   fork forms.  */
};

struct validate_case
{
  const char *what;
  unsigned int on;		/* ON_*: the functions it applies to.  */
  enum block block;
  size_t size;
  unsigned long long flags;
  int no_exit_signal;		/* Exit signal 0 instead of SIGCHLD.  */
  unsigned long long exit_signal;	/* If non-zero, instead of SIGCHLD.  */
  unsigned long long cgroup;
  int set_tid;			/* set_tid points at a PID (1000).  */
  unsigned long long set_tid_size;
  enum stack_setup stack;
  unsigned long long pidfd;	/* The pidfd pointer, as a number.  */
  int tail;			/* A non-zero byte at offset 100.  */
  int null_fn;			/* clone3 with a NULL function.  */
  int err;			/* The errno expected.  */
  int err_clone3;		/* If non-zero, clone3's instead.  */
  int err_enosys;		/* If non-zero, the errno where clone3 says
				   ENOSYS (the legacy call cannot carry
				   the request).  */
};

static const struct validate_case cases[] =
{
  /* The size of the block.  */
  { .what = "size 0", .on = ON_ALL, .size = 0, .err = EINVAL },
  { .what = "size 56", .on = ON_ALL, .size = 56, .err = EINVAL },
  { .what = "size page + 8", .on = ON_ALL, .size = SIZE_PAGE_PLUS_8,
    .err = E2BIG },
  { .what = "size 104, non-zero tail", .on = ON_ALL, .size = 104,
    .tail = 1, .err = E2BIG, .err_enosys = ENOSYS },

  /* The exit signal.  */
  { .what = "exit_signal 0x100", .on = ON_ALL, .size = SIZE_FULL,
    .exit_signal = 0x100, .err = EINVAL },
  { .what = "exit_signal 0xf0", .on = ON_ALL, .size = SIZE_FULL,
    .exit_signal = 0xf0, .err = EINVAL },
  { .what = "exit_signal 0x80000000", .on = ON_ALL, .size = SIZE_FULL,
    .exit_signal = 0x80000000ULL, .err = EINVAL },
  { .what = "exit_signal high bits", .on = ON_ALL, .size = SIZE_FULL,
    .exit_signal = (1ULL << 40) | SIGCHLD, .err = EINVAL },

  /* Flags.  Linux 7.1's CLONE_AUTOREAP (bit 34) takes no exit signal;
     before 7.1 it is an unknown flag.  */
  { .what = "flag bit 34 with SIGCHLD", .on = ON_ALL, .size = SIZE_FULL,
    .flags = 1ULL << 34, .err = EINVAL, .err_enosys = ENOSYS },
  { .what = "unknown flag bit 63", .on = ON_ALL, .size = SIZE_FULL,
    .flags = 1ULL << 63, .err = EINVAL, .err_enosys = ENOSYS },
  { .what = "CLONE_DETACHED", .on = ON_ALL, .size = SIZE_FULL,
    .flags = 0x00400000, .err = EINVAL },
  { .what = "a CSIGNAL bit in flags", .on = ON_ALL, .size = SIZE_FULL,
    .flags = SIGCHLD, .err = EINVAL },
  { .what = "CLONE_SIGHAND | CLONE_CLEAR_SIGHAND", .on = ON_ALL,
    .size = SIZE_FULL,
    .flags = CLONE_SIGHAND | CLONE_VM | CLONE_CLEAR_SIGHAND, .err = EINVAL },
  { .what = "CLONE_PARENT with an exit signal", .on = ON_ALL,
    .size = SIZE_FULL, .flags = CLONE_PARENT, .err = EINVAL },
  { .what = "CLONE_INTO_CGROUP with size VER1", .on = ON_ALL,
    .size = CLONE_ARGS_SIZE_VER1, .flags = CLONE_INTO_CGROUP,
    .err = EINVAL },
  { .what = "CLONE_INTO_CGROUP with cgroup > INT_MAX", .on = ON_ALL,
    .size = SIZE_FULL, .flags = CLONE_INTO_CGROUP, .cgroup = 1ULL << 31,
    .err = EINVAL },

  /* set_tid.  */
  { .what = "set_tid_size without set_tid", .on = ON_ALL,
    .size = SIZE_FULL, .set_tid_size = 1, .err = EINVAL },
  { .what = "set_tid without set_tid_size", .on = ON_ALL,
    .size = SIZE_FULL, .set_tid = 1, .err = EINVAL },
  { .what = "set_tid_size 33", .on = ON_ALL, .size = SIZE_FULL,
    .set_tid = 1, .set_tid_size = 33, .err = EINVAL },

  /* The stack.  */
  { .what = "stack without size", .on = ON_ALL, .size = SIZE_FULL,
    .stack = STACK_NO_SIZE, .err = EINVAL },
  { .what = "size without stack", .on = ON_ALL, .size = SIZE_FULL,
    .stack = STACK_SIZE_ONLY, .err = EINVAL },

  /* Rules of the kernel's copy_process, common to clone.  */
  { .what = "CLONE_SIGHAND without CLONE_VM", .on = ON_ALL,
    .size = SIZE_FULL, .stack = STACK_FOR_CLONE3, .flags = CLONE_SIGHAND,
    .err = EINVAL },
  { .what = "CLONE_THREAD without CLONE_SIGHAND", .on = ON_ALL,
    .size = SIZE_FULL, .stack = STACK_FOR_CLONE3,
    .flags = CLONE_THREAD | CLONE_VM, .no_exit_signal = 1, .err = EINVAL },
  { .what = "CLONE_FS | CLONE_NEWNS", .on = ON_ALL, .size = SIZE_FULL,
    .stack = STACK_FOR_CLONE3, .flags = CLONE_FS | CLONE_NEWNS,
    .err = EINVAL },

  /* Reading the block.  */
  { .what = "NULL cl_args", .on = ON_ALL, .block = BLOCK_NULL,
    .size = SIZE_FULL, .err = EFAULT, .err_clone3 = EINVAL },
  { .what = "cl_args at an unmapped address", .on = ON_ALL,
    .block = BLOCK_UNMAPPED, .size = SIZE_FULL, .err = EFAULT },
  { .what = "block ending in an unreadable page", .on = ON_ALL,
    .block = BLOCK_EDGE, .size = SIZE_FULL, .err = EFAULT },
  { .what = "tail running into an unreadable page", .on = ON_ALL,
    .block = BLOCK_EDGE, .size = 128, .err = EFAULT },
  { .what = "bad pidfd pointer", .on = ON_ALL, .size = SIZE_FULL,
    .flags = CLONE_PIDFD, .pidfd = 8, .err = EFAULT },

  /* The callback form's own rules.  */
  { .what = "NULL function", .on = ON_CLONE3, .size = SIZE_FULL,
    .null_fn = 1, .err = EINVAL },
  { .what = "CLONE_VM without a stack or CLONE_VFORK", .on = ON_CLONE3,
    .size = SIZE_FULL, .flags = CLONE_VM, .err = EINVAL },

  /* The fork forms' own rules: no stack, no flags that make a thread or
     touch the TID pointer the implementation owns.  */
  { .what = "CLONE_VM", .on = ON_FORKS, .size = SIZE_FULL,
    .flags = CLONE_VM, .err = EINVAL },
  { .what = "CLONE_VM | CLONE_VFORK", .on = ON_FORKS, .size = SIZE_FULL,
    .flags = CLONE_VM | CLONE_VFORK, .err = EINVAL },
  { .what = "CLONE_THREAD", .on = ON_FORKS, .size = SIZE_FULL,
    .flags = CLONE_THREAD | CLONE_SIGHAND | CLONE_VM, .no_exit_signal = 1,
    .err = EINVAL },
  { .what = "CLONE_SIGHAND", .on = ON_FORKS, .size = SIZE_FULL,
    .flags = CLONE_SIGHAND | CLONE_VM, .err = EINVAL },
  { .what = "CLONE_SETTLS", .on = ON_FORKS, .size = SIZE_FULL,
    .flags = CLONE_SETTLS, .err = EINVAL },
  { .what = "CLONE_CHILD_SETTID", .on = ON_FORKS, .size = SIZE_FULL,
    .flags = CLONE_CHILD_SETTID, .err = EINVAL },
  { .what = "CLONE_CHILD_CLEARTID", .on = ON_FORKS, .size = SIZE_FULL,
    .flags = CLONE_CHILD_CLEARTID, .err = EINVAL },
  { .what = "a stack", .on = ON_FORKS, .size = SIZE_FULL,
    .stack = STACK_FULL, .err = EINVAL },
};

/* The sizes the kernel accepts: every published version, and a longer
   block whose tail is zero.  */
static const size_t good_sizes[] = { CLONE_ARGS_SIZE_VER0,
				     CLONE_ARGS_SIZE_VER1,
				     CLONE_ARGS_SIZE_VER2, 96 };

static long page;
/* The test's block, with room for oversized blocks with a zero tail.  */
static unsigned char *big;
/* Two pages, the second unreadable, for BLOCK_EDGE.  */
static unsigned char *pages;
static char stack[16384];
static pid_t tid = 1000;

#ifdef CLONE3_TEST_GLIBC
/* Call W with BLOCK and SIZE, which cannot be read, in a subprocess;
   fail unless the call faults or fails with EFAULT.  */
static void
expect_fault (enum test_which w, const struct validate_case *c,
	      struct clone_args *block, size_t size)
{
  pid_t pid = fork ();
  CHECK (pid >= 0);
  if (pid == 0)
    {
      errno = 0;
      pid_t r = test_spawn_size (w, block, size, never, NULL);
      _exit (r == -1 && errno == EFAULT ? 0
	     : r > 0 && waitpid (r, NULL, __WALL) == r ? 98 : 97);
    }
  int status;
  CHECK (waitpid (pid, &status, 0) == pid);
  if (!(WIFEXITED (status) && WEXITSTATUS (status) == 0)
      && !(WIFSIGNALED (status)
	   && (WTERMSIG (status) == SIGSEGV || WTERMSIG (status) == SIGBUS)))
    FAIL_EXIT ("%s, %s: status 0x%x (98: made a child, 97: another"
	       " errno); expected EFAULT or a fault", test_names[w], c->what,
	       (unsigned int) status);
}
#endif

/* Call W with the block C describes; fail unless it fails with the
   errno C expects.  */
static void
expect (enum test_which w, const struct validate_case *c)
{
  struct clone_args *a = (struct clone_args *) big;
  memset (big, 0, page + 64);
  a->flags = c->flags;
  a->exit_signal = (c->no_exit_signal ? 0
		    : c->exit_signal != 0 ? c->exit_signal : SIGCHLD);
  a->cgroup = c->cgroup;
  if (c->set_tid)
    a->set_tid = (uintptr_t) &tid;
  a->set_tid_size = c->set_tid_size;
  a->pidfd = c->pidfd;
  if (c->stack == STACK_NO_SIZE || c->stack == STACK_FULL
      || (c->stack == STACK_FOR_CLONE3 && w == TEST_CLONE3))
    a->stack = (uintptr_t) stack;
  if (c->stack == STACK_SIZE_ONLY || c->stack == STACK_FULL
      || (c->stack == STACK_FOR_CLONE3 && w == TEST_CLONE3))
    a->stack_size = sizeof stack;
  if (c->tail)
    big[100] = 1;

  struct clone_args *block = a;
  switch (c->block)
    {
    case BLOCK_ARGS:
      break;
    case BLOCK_NULL:
      block = NULL;
      break;
    case BLOCK_UNMAPPED:
      block = (struct clone_args *) 8;
      break;
    case BLOCK_EDGE:
      block = (struct clone_args *) (pages + page - 64);
      memset (block, 0, 64);
      block->exit_signal = SIGCHLD;
      break;
    }
  size_t size = (c->size == SIZE_FULL ? sizeof *a
		 : c->size == SIZE_PAGE_PLUS_8 ? (size_t) page + 8 : c->size);

#ifdef CLONE3_TEST_GLIBC
  if (c->block == BLOCK_UNMAPPED || c->block == BLOCK_EDGE)
    {
      expect_fault (w, c, block, size);
      return;
    }
#endif

  int err = c->err;
  if (w == TEST_CLONE3 && c->err_clone3 != 0)
    err = c->err_clone3;
  if (clone3_test_enosys && c->err_enosys != 0)
    err = c->err_enosys;

  errno = 0;
  /* A child, which should not exist, exits with 99 (never).  */
  pid_t r = test_spawn_size (w, block, size, c->null_fn ? NULL : never, NULL);
  int e = errno;
  if (r != -1 || e != err)
    FAIL_EXIT ("%s, %s: returned %d, errno %d (%s); expected %d (%s)",
	       test_names[w], c->what, (int) r, e, strerror (e), err,
	       strerror (err));
}

static int
do_test (void)
{
  int fds = test_count_fds ();
  page = sysconf (_SC_PAGESIZE);
  big = calloc (1, page + 64);
  CHECK (big != NULL);
  /* A block that runs into an unreadable page: the second page is
     unreadable, but kept mapped, so that no other mapping can take its
     place meanwhile.  */
  pages = mmap (NULL, 2 * page, PROT_READ | PROT_WRITE,
		MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  CHECK (pages != MAP_FAILED);
  CHECK (mprotect (pages + page, page, PROT_NONE) == 0);

  int checked = 0;
  for (int w = TEST_CLONE3; w <= TEST_FORK_RAW; ++w)
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; ++i)
      if (cases[i].on & (1u << w))
	{
	  expect (w, &cases[i]);
	  ++checked;
	}
  printf ("%d refusals, each with its errno\n", checked);
  CHECK (munmap (pages, 2 * page) == 0);

  for (int w = TEST_CLONE3; w <= TEST_FORK_RAW; ++w)
    for (size_t i = 0; i < sizeof good_sizes / sizeof good_sizes[0]; ++i)
      {
	struct clone_args *a = (struct clone_args *) big;
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

  /* No child was made by any of it, and no descriptor left open.  */
  errno = 0;
  CHECK (waitpid (-1, NULL, WNOHANG | __WALL) == -1 && errno == ECHILD);
  CHECK_EQ (test_count_fds (), fds);
  free (big);
  return 0;
}
