/* clone3 with CLONE_VM | CLONE_VFORK and no stack (the child borrows the
   suspended parent's, as vfork does): the parent resumes only after the
   child has exited (the child sleeps first, and its last write is
   already visible when clone3 returns), the child's writes to the shared
   memory are visible, the child can use a fair amount of stack without
   harming the parent's frame, and the exit status is FN's return
   value.  */
/* { dg-do run } */

#include "clone3-test.h"
#include "test-child.h"

#include <stdint.h>
#include <time.h>

#define SLEEP_MS 200

/* What the parent's frame holds; 64-bit words on every ABI.  */
#define GUARD(i) (UINT64_C (0x5a5a5a5a5a5a5a5a) ^ (uint64_t) (i))

static struct
{
  pid_t pid;
  int done;
} seen;

/* Use some stack, in a way the compiler cannot drop.  */
static __attribute__ ((noinline)) unsigned int
use_stack (unsigned int seed)
{
  volatile unsigned char buf[8192];
  for (size_t i = 0; i < sizeof buf; ++i)
    buf[i] = (unsigned char) (seed + i);
  unsigned int sum = 0;
  for (size_t i = 0; i < sizeof buf; i += 97)
    sum += buf[i];
  return sum;
}

static unsigned int
expected_sum (unsigned int seed)
{
  unsigned int sum = 0;
  for (size_t i = 0; i < 8192; i += 97)
    sum += (unsigned char) (seed + i);
  return sum;
}

static int
child_fn (void *arg)
{
  int *parent_local = arg;
  seen.pid = syscall (SYS_getpid);
  if (use_stack (7) != expected_sum (7))
    return 1;
  struct timespec ts = { 0, SLEEP_MS * 1000 * 1000 };
  syscall (SYS_nanosleep, &ts, NULL);
  *parent_local = 4242;
  seen.done = 1;
  return 53;
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

  for (int round = 0; round < 2; ++round)
    {
      /* The parent's frame, to be found intact.  */
      volatile uint64_t guard[64];
      for (int i = 0; i < 64; ++i)
	guard[i] = GUARD (i);
      memset (&seen, 0, sizeof seen);
      volatile int local = 1;
      struct clone_args a = test_args (CLONE_VM | CLONE_VFORK, SIGCHLD);

      long long t0 = now_ms ();
      pid_t pid = clone3 (&a, sizeof a, child_fn, (void *) &local);
      long long elapsed = now_ms () - t0;
      if (pid < 0)
	FAIL_EXIT ("clone3 (CLONE_VM | CLONE_VFORK, no stack): %s",
		   strerror (errno));

      if (!seen.done)
	FAIL_EXIT ("the parent resumed before the child finished");
      if (elapsed < SLEEP_MS - 10)
	FAIL_EXIT ("clone3 returned after %lld ms; the child slept %d ms",
		   elapsed, SLEEP_MS);
      CHECK_EQ (local, 4242);
      CHECK_EQ (seen.pid, pid);
      CHECK_EQ (test_wait_exit (pid), 53);
      for (int i = 0; i < 64; ++i)
	if (guard[i] != GUARD (i))
	  FAIL_EXIT ("the parent's frame was overwritten at guard[%d]", i);
    }

  CHECK_EQ (test_count_fds (), fds);
  return 0;
}
