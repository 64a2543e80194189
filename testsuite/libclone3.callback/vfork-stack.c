/* clone3 with CLONE_VM | CLONE_VFORK and a stack of the child's own:
   the parent resumes only after the child has exited (the child sleeps
   first, and its last write is already visible when clone3 returns), the
   child's writes to the shared memory (a static and the parent's own
   local, through ARG) are visible, the child runs on the given stack, and
   the exit status is FN's return value.  */
/* { dg-do run } */

#include "clone3-test.h"
#include "test-child.h"

#include <stdint.h>
#include <sys/mman.h>
#include <time.h>

#define STACK_SIZE (128 * 1024)
#define SLEEP_MS 200

static char *stack_lo;

static struct
{
  pid_t pid;
  int on_stack;
  int done;
} seen;

static int
child_fn (void *arg)
{
  int *parent_local = arg;
  char here;
  seen.pid = syscall (SYS_getpid);
  seen.on_stack = (&here >= stack_lo && &here < stack_lo + STACK_SIZE);
  struct timespec ts = { 0, SLEEP_MS * 1000 * 1000 };
  syscall (SYS_nanosleep, &ts, NULL);
  *parent_local = 4242;
  seen.done = 1;
  return 37 + *parent_local - 4242;
}

static long long
now_ms (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static int
do_test (void)
{
  int fds = test_count_fds ();
  stack_lo = mmap (NULL, STACK_SIZE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
  CHECK (stack_lo != MAP_FAILED);

  for (int round = 0; round < 2; ++round)
    {
      memset (&seen, 0, sizeof seen);
      volatile int local = 1;
      struct clone_args a = test_args (CLONE_VM | CLONE_VFORK, SIGCHLD);
      a.stack = (uintptr_t) stack_lo;
      a.stack_size = STACK_SIZE;

      long long t0 = now_ms ();
      pid_t pid = clone3 (&a, sizeof a, child_fn, (void *) &local);
      long long elapsed = now_ms () - t0;
      if (pid < 0)
	FAIL_EXIT ("clone3 (CLONE_VM | CLONE_VFORK): %s", strerror (errno));

      /* Suspended until the child was done.  */
      if (!seen.done)
	FAIL_EXIT ("the parent resumed before the child finished");
      if (elapsed < SLEEP_MS - 10)
	FAIL_EXIT ("clone3 returned after %lld ms; the child slept %d ms",
		   elapsed, SLEEP_MS);
      CHECK_EQ (local, 4242);
      CHECK_EQ (seen.pid, pid);
      CHECK_EQ (seen.on_stack, 1);
      CHECK_EQ (test_wait_exit (pid), 37);
    }

  CHECK (munmap (stack_lo, STACK_SIZE) == 0);
  CHECK_EQ (test_count_fds (), fds);
  return 0;
}
