/* A thread-style child made with clone3 (CLONE_VM | CLONE_FS |
   CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM |
   CLONE_CHILD_CLEARTID, its own mmap'ed stack, exit_signal 0) runs FN in
   our thread group with its own TID; when FN returns, only that thread
   ends: the kernel clears the CHILD_TID futex word and wakes a FUTEX_WAIT
   on it, and the process goes on with the same PID.  FN returns non-zero,
   so an exit_group instead of a thread exit would end the test with a
   failing status.  */
/* { dg-do run } */

#include "clone3-test.h"
#include "test-child.h"

#include <linux/futex.h>
#include <stdint.h>
#include <sys/mman.h>
#include <time.h>

#define STACK_SIZE (256 * 1024)

/* The futex word the kernel clears at the thread's exit.  */
static uint32_t tid_word;

/* What the thread saw, shared through CLONE_VM.  */
static struct
{
  pid_t pid;
  pid_t tid;
  void *arg;
  int ran;
} seen;

static int
thread_fn (void *arg)
{
  /* Raw system calls: the thread shares our TLS, so keep clear of libc
     state.  */
  seen.pid = syscall (SYS_getpid);
  seen.tid = syscall (SYS_gettid);
  seen.arg = arg;
  /* Give the parent time to block in FUTEX_WAIT.  */
  struct timespec ts = { 0, 100 * 1000 * 1000 };
  syscall (SYS_nanosleep, &ts, NULL);
  __atomic_store_n (&seen.ran, 1, __ATOMIC_SEQ_CST);
  /* A status an exit_group would turn into a failing test.  */
  return 42;
}

static int
task_count (void)
{
  DIR *d = opendir ("/proc/self/task");
  if (d == NULL)
    FAIL_EXIT ("opendir /proc/self/task: %s", strerror (errno));
  int n = 0;
  struct dirent *e;
  while ((e = readdir (d)) != NULL)
    if (e->d_name[0] != '.')
      ++n;
  closedir (d);
  return n;
}

static int
do_test (void)
{
  const pid_t me = getpid ();
  const pid_t my_tid = gettid ();
  int fds = test_count_fds ();
  CHECK_EQ (task_count (), 1);

  for (int round = 0; round < 3; ++round)
    {
      char *stack = mmap (NULL, STACK_SIZE, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
      CHECK (stack != MAP_FAILED);

      memset (&seen, 0, sizeof seen);
      __atomic_store_n (&tid_word, 0xffffffffu, __ATOMIC_SEQ_CST);

      struct clone_args a = test_args (CLONE_VM | CLONE_FS | CLONE_FILES
				       | CLONE_SIGHAND | CLONE_THREAD
				       | CLONE_SYSVSEM
				       | CLONE_CHILD_CLEARTID, 0);
      a.child_tid = (uintptr_t) &tid_word;
      a.stack = (uintptr_t) stack;
      a.stack_size = STACK_SIZE;
      int cookie = round;

      errno = 12345;
      pid_t tid = clone3 (&a, sizeof a, thread_fn, &cookie);
      if (tid < 0)
	FAIL_EXIT ("clone3 (thread): %s", strerror (errno));
      /* errno is left alone on success (the ENOSYS path included).  */
      CHECK_EQ (errno, 12345);
      CHECK (tid != me);
      CHECK (tid != my_tid);

      /* Wait for the kernel's clear and wake; a lost wake is a
	 timeout.  */
      uint32_t v;
      int waits = 0;
      while ((v = __atomic_load_n (&tid_word, __ATOMIC_SEQ_CST)) != 0)
	{
	  struct timespec timeout = { 10, 0 };
	  long r = syscall (SYS_futex, &tid_word, FUTEX_WAIT, v, &timeout,
			    NULL, 0);
	  if (r == -1 && errno == ETIMEDOUT)
	    FAIL_EXIT ("round %d: no FUTEX_WAKE on the CHILD_TID word "
		       "within 10 s (word %#x)", round, v);
	  if (r == -1 && errno != EAGAIN && errno != EINTR)
	    FAIL_EXIT ("FUTEX_WAIT: %s", strerror (errno));
	  ++waits;
	}
      if (waits == 0)
	printf ("round %d: the thread ended before FUTEX_WAIT\n", round);

      /* It ran, in our thread group, as its own thread, with ARG.  */
      CHECK_EQ (__atomic_load_n (&seen.ran, __ATOMIC_SEQ_CST), 1);
      CHECK_EQ (seen.pid, me);
      CHECK_EQ (seen.tid, tid);
      CHECK (seen.arg == &cookie);

      /* Only the thread ended: the process goes on, unchanged.  */
      CHECK_EQ (getpid (), me);
      CHECK_EQ (gettid (), my_tid);
      CHECK_EQ (syscall (SYS_tgkill, me, my_tid, 0), 0);

      /* The thread goes away by itself (exit_signal 0, CLONE_THREAD):
	 nothing to reap, and soon no such task.  */
      errno = 0;
      CHECK (waitpid (-1, NULL, WNOHANG | __WALL) == -1 && errno == ECHILD);
      int gone = 0;
      for (int i = 0; i < 500 && !gone; ++i)
	{
	  if (syscall (SYS_tgkill, me, tid, 0) == -1 && errno == ESRCH)
	    gone = 1;
	  else
	    usleep (10000);
	}
      if (!gone)
	FAIL_EXIT ("thread %d still exists 5 s after its CHILD_TID clear",
		   (int) tid);
      CHECK_EQ (task_count (), 1);

      CHECK (munmap (stack, STACK_SIZE) == 0);
    }

  CHECK_EQ (test_count_fds (), fds);
  return 0;
}
