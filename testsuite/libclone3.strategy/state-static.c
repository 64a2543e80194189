/* In a statically linked program, where the emulate strategy cannot
   know every atfork handler and so cannot run, a request that no
   strategy can serve still gets the kernel's answer: CLONE_NEWUSER or
   CLONE_NEWNS with CLONE_FS is EINVAL (clone (2)), as from the system
   call itself, never ENOSYS; in a single-threaded and a multithreaded
   caller.  The reference is the raw clone3 system call.  Without clone3
   the library cannot ask the kernel without risking a child (the legacy
   clone of kernels before 5.2 ignores CLONE_PIDFD), and the variant is
   UNSUPPORTED.  */
/* { dg-do run } */
/* { dg-options "-static" } */

#include "clone3-test.h"
#include "test-child.h"
#include "strategy-util.h"

static long
reference (unsigned long long flags)
{
  struct clone_args a = test_args (flags, SIGCHLD);
  long r = syscall (SYS_clone3, &a, sizeof a);
  if (r == 0)
    syscall (SYS_exit_group, 0);
  return r;
}

static void
check (const char *what, unsigned long long flags)
{
  errno = 0;
  long ref = reference (flags);
  int ref_err = errno;
  if (ref > 0)
    test_wait (ref);
  struct clone_args a = test_args (flags, SIGCHLD);
  errno = 0;
  pid_t pid = clone3_fork (&a, sizeof a);
  if (pid == 0)
    _exit (0);
  int err = errno;
  if (pid > 0)
    test_wait (pid);
  if (ref > 0 || ref_err != EINVAL)
    FAIL_EXIT ("%s: the kernel says %ld (%s), not EINVAL", what, ref,
	       strerror (ref_err));
  if (pid >= 0 || err != ref_err)
    FAIL_EXIT ("%s: clone3_fork returned %d (%s), the kernel %s", what,
	       (int) pid, strerror (err), strerror (ref_err));
  errno = 0;
  if (waitpid (-1, NULL, __WALL | WNOHANG) != -1 || errno != ECHILD)
    FAIL_EXIT ("%s: a process is left to reap", what);
  printf ("%s: %s, as the kernel says (strategy %s)\n", what,
	  strerror (err), clone3_fork_strategy ());
}

static int
do_test (void)
{
  if (clone3_test_enosys)
    UNSUPPORTED ("without clone3 no strategy-less request is judged by "
		 "the kernel");
  for (int threaded = 0; threaded < 2; ++threaded)
    {
      pthread_t idle = 0;
      if (threaded)
	idle = test_start_idle_thread ();
      check ("CLONE_NEWUSER | CLONE_FS", CLONE_NEWUSER | CLONE_FS);
      check ("CLONE_NEWNS | CLONE_FS", CLONE_NEWNS | CLONE_FS);
      if (idle != 0)
	test_stop_idle_thread (idle);
    }
  return 0;
}
