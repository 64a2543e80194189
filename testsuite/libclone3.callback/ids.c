/* A child made by clone3 that is not a thread is a process of its own:
   in the child getpid () == gettid () == the PID clone3 returned in the
   parent, and getppid () is the parent's PID; the parent's own IDs are
   unchanged.  For a fork-like child without a stack, one with a stack,
   and a CLONE_VM | CLONE_VFORK child.  The child reports through a
   MAP_SHARED page.  */
/* { dg-do run } */

#include "clone3-test.h"
#include "test-child.h"

#include <stdint.h>
#include <sys/mman.h>

#define STACK_SIZE (64 * 1024)

struct ids
{
  pid_t pid;
  pid_t tid;
  pid_t ppid;
  int ran;
  int vm;
};

static int
child_fn (void *arg)
{
  volatile struct ids *out = arg;
  out->pid = getpid ();
  /* A CLONE_VM child shares its parent's thread descriptor, where a C
     library may keep the TID (musl's gettid reads it there): the
     kernel's answer, then.  */
  out->tid = out->vm ? (pid_t) syscall (SYS_gettid) : gettid ();
  out->ppid = getppid ();
  out->ran = 1;
  return 0;
}

static int
do_test (void)
{
  int fds = test_count_fds ();
  const pid_t me = getpid ();
  const pid_t my_parent = getppid ();
  CHECK_EQ (gettid (), me);

  volatile struct ids *out = mmap (NULL, sizeof *out, PROT_READ | PROT_WRITE,
				   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  CHECK (out != MAP_FAILED);
  char *stack = mmap (NULL, STACK_SIZE, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
  CHECK (stack != MAP_FAILED);

  static const struct
  {
    unsigned long long flags;
    int with_stack;
    const char *name;
  } kinds[] = {
    { 0, 0, "fork-like, no stack" },
    { 0, 1, "fork-like, with a stack" },
    { CLONE_VM | CLONE_VFORK, 0, "CLONE_VM | CLONE_VFORK, no stack" },
    { CLONE_VM | CLONE_VFORK, 1, "CLONE_VM | CLONE_VFORK, with a stack" },
  };

  for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; ++k)
    {
      memset ((void *) out, 0, sizeof *out);
      out->vm = (kinds[k].flags & CLONE_VM) != 0;
      struct clone_args a = test_args (kinds[k].flags, SIGCHLD);
      if (kinds[k].with_stack)
	{
	  a.stack = (uintptr_t) stack;
	  a.stack_size = STACK_SIZE;
	}
      pid_t pid = clone3 (&a, sizeof a, child_fn, (void *) out);
      if (pid < 0)
	FAIL_EXIT ("%s: clone3: %s", kinds[k].name, strerror (errno));
      CHECK (pid != me);
      CHECK_EQ (test_wait_exit (pid), 0);
      if (!out->ran)
	FAIL_EXIT ("%s: the child did not run", kinds[k].name);
      if (out->pid != pid || out->tid != pid || out->ppid != me)
	FAIL_EXIT ("%s: the child saw getpid %d, gettid %d, getppid %d; "
		   "expected %d, %d, %d", kinds[k].name, (int) out->pid,
		   (int) out->tid, (int) out->ppid, (int) pid, (int) pid,
		   (int) me);
      /* Ours are unchanged.  */
      CHECK_EQ (getpid (), me);
      CHECK_EQ (gettid (), me);
      CHECK_EQ (getppid (), my_parent);
    }

  CHECK (munmap ((void *) out, sizeof *out) == 0);
  CHECK (munmap (stack, STACK_SIZE) == 0);
  CHECK_EQ (test_count_fds (), fds);
  return 0;
}
