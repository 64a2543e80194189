/* The kernel decides: a flag or a field newer than the library reaches
   the clone3 system call unchanged, through clone3, clone3_fork and
   clone3_fork_raw.  A seccomp filter answers clone3 with EDOM, an errno
   no clone3 gives, so EDOM back proves the request was made; the
   library's own answer (EINVAL for a flag, E2BIG for an extension) would
   show that it judged the request itself.  The requests: an unknown flag
   (bit 40), each of Linux 7.1's CLONE_AUTOREAP, CLONE_NNP,
   CLONE_PIDFD_AUTOKILL and CLONE_EMPTY_MNTNS, and blocks of 96 bytes,
   512 + 8 bytes and a page with one non-zero byte past the 88 of
   CLONE_ARGS_SIZE_VER2.
   Without clone3 (the ENOSYS variant) the same requests cannot be made
   by the legacy clone call and fail with ENOSYS.  Either way: no child,
   no descriptor leaked.  */
/* { dg-do run } */

#include "clone3-test.h"
#include "test-child.h"

#include <stdint.h>

#define EXT_MAX 4096

static int
never_runs (void *arg)
{
  (void) arg;
  return 99;
}

static void
check_no_child (const char *what)
{
  errno = 0;
  if (!(waitpid (-1, NULL, WNOHANG | __WALL) == -1 && errno == ECHILD))
    FAIL_EXIT ("%s: a child was made", what);
}

/* Make the request in BLOCK (SIZE bytes) through W; it must fail with
   ERR, make no child and leave FDS descriptors open.  */
static void
expect (enum test_which w, struct clone_args *block, size_t size, int err,
	const char *what, int fds)
{
  pid_t r;
  errno = 0;
  if (w == TEST_CLONE3)
    r = clone3 (block, size, never_runs, NULL);
  else if (w == TEST_FORK)
    r = clone3_fork (block, size);
  else
    r = clone3_fork_raw (block, size);
  if (r == 0)
    _exit (98);
  int e = errno;
  if (r > 0)
    {
      test_wait (r);
      FAIL_EXIT ("%s: %s made child %d, expected %s", test_names[w], what,
		 (int) r, strerror (err));
    }
  if (e != err)
    FAIL_EXIT ("%s: %s: errno %d (%s), expected %d (%s)", test_names[w],
	       what, e, strerror (e), err, strerror (err));
  check_no_child (what);
  CHECK_EQ (test_count_fds (), fds);
}

static int
do_test (void)
{
  /* The strategy is chosen before the filter goes in: it is what the
     requests below must get through.  */
  printf ("strategy: %s\n", clone3_fork_strategy ());
  int err = ENOSYS;
  if (!clone3_test_enosys)
    {
      if (!test_kernel_has_clone3 ())
	UNSUPPORTED ("the kernel has no clone3");
      test_clone3_fails_with (EDOM);
      err = EDOM;
    }
  int fds = test_count_fds ();
  int pidfd = -1;

  static const struct
  {
    unsigned long long flags, exit_signal;
    const char *what;
  } flags[] = {
    { 1ULL << 40, SIGCHLD, "flag bit 40" },
    { CLONE_AUTOREAP | CLONE_PIDFD, 0, "CLONE_AUTOREAP" },
    { CLONE_NNP, SIGCHLD, "CLONE_NNP" },
    { CLONE_PIDFD_AUTOKILL | CLONE_AUTOREAP | CLONE_PIDFD, 0,
      "CLONE_PIDFD_AUTOKILL" },
    { CLONE_EMPTY_MNTNS, SIGCHLD, "CLONE_EMPTY_MNTNS" },
  };
  /* The extensions: the block's size and the offset of its non-zero
     byte (past the request a library keeps inline, for 520).  */
  static const struct
  {
    size_t size, offset;
  } exts[] = { { 96, 88 }, { 520, 512 }, { EXT_MAX, 1000 } };
  static unsigned long long block[EXT_MAX / 8];
  if ((size_t) sysconf (_SC_PAGESIZE) < EXT_MAX)
    FAIL_EXIT ("page size %ld below %d", sysconf (_SC_PAGESIZE), EXT_MAX);

  for (int w = TEST_CLONE3; w <= TEST_FORK_RAW; ++w)
    {
      for (size_t i = 0; i < sizeof flags / sizeof flags[0]; ++i)
	{
	  struct clone_args a = test_args (flags[i].flags,
					   flags[i].exit_signal);
	  a.pidfd = (uintptr_t) &pidfd;
	  expect (w, &a, sizeof a, err, flags[i].what, fds);
	}
      for (size_t i = 0; i < sizeof exts / sizeof exts[0]; ++i)
	{
	  memset (block, 0, sizeof block);
	  struct clone_args a = test_args (0, SIGCHLD);
	  memcpy (block, &a, sizeof a);
	  ((unsigned char *) block)[exts[i].offset] = 1;
	  char what[64];
	  snprintf (what, sizeof what, "a %zu-byte block, byte %zu set",
		    exts[i].size, exts[i].offset);
	  expect (w, (struct clone_args *) block, exts[i].size, err, what,
		  fds);
	}
    }
  CHECK_EQ (pidfd, -1);
  return 0;
}
