/* clone3_spawn: posix_spawn's fast path with a pidfd and cgroup placement.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.

   This is what glibc's posix_spawn does internally (sysdeps/unix/sysv/
   linux/spawni.c), written against the public clone3 callback so that a
   caller also gets what clone3 adds: a pidfd from birth (no PID reuse
   race) and placement into a cgroup at birth (no window in which the
   child runs in the parent's cgroup).

   - CLONE_VM | CLONE_VFORK: no page tables are copied, so the cost does
     not depend on the caller's size, and the caller sleeps until the
     child has called execve or died.
   - The child runs on a stack mmap'ed here, not on the caller's: the
     caller's frames stay intact, whatever the compiler does with them.
   - Every signal is blocked, with the system call itself so that glibc's
     internal signals are included, from before the clone until after it:
     no handler of the caller can run in the child, which shares the
     caller's memory.  The child then resets every caught signal to
     SIG_DFL (ignored ones stay ignored, as POSIX wants) and restores the
     caller's mask just before execve.
   - An execve failure is written by the child into memory the caller
     sees (CLONE_VM), so clone3_spawn returns -1 with the execve errno and
     the dead child already reaped, as posix_spawn returns the error.
   - Thread cancellation is disabled around the call, as glibc does.  */

#define _GNU_SOURCE 1
#include <clone3.h>
#include "clone3-spawn.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* The kernel's sigset size, which rt_sigprocmask insists on.  */
#define KERNEL_SIGSET_SIZE (_NSIG / 8)

struct spawn_args
{
  const char *path;
  char *const *argv;
  char *const *envp;
  sigset_t oldmask;
  int err;			/* Written by the child: execve's errno.  */
};

static int
spawn_child (void *closure)
{
  struct spawn_args *args = closure;

  /* The child shares the caller's memory, so none of the caller's signal
     handlers may run here.  glibc's sigaction refuses its own internal
     signals (SIGCANCEL, SIGSETXID); nobody sends those to the new PID,
     and they stay blocked until the mask is restored.  */
  for (int sig = 1; sig < _NSIG; ++sig)
    {
      struct sigaction sa;
      if (sigaction (sig, NULL, &sa) != 0
	  || sa.sa_handler == SIG_DFL || sa.sa_handler == SIG_IGN)
	continue;
      memset (&sa, 0, sizeof sa);
      sa.sa_handler = SIG_DFL;
      sigaction (sig, &sa, NULL);
    }

  syscall (SYS_rt_sigprocmask, SIG_SETMASK, &args->oldmask, NULL,
	   KERNEL_SIGSET_SIZE);
  execve (args->path, args->argv, args->envp);
  __atomic_store_n (&args->err, errno, __ATOMIC_RELAXED);
  return 127;
}

pid_t
clone3_spawn (const char *path, char *const argv[], char *const envp[],
	      int *pidfd, int cgroup_fd)
{
  int saved_errno = errno;

  /* As glibc: room for the argument vector plus 32 KiB.  */
  size_t argc = 0;
  while (argv[argc] != NULL)
    ++argc;
  size_t page = (size_t) sysconf (_SC_PAGESIZE);
  size_t stack_size = (argc * sizeof (void *) + 32 * 1024 + page - 1)
		      & ~(page - 1);
  void *stack = mmap (NULL, stack_size, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
  if (stack == MAP_FAILED)
    return -1;

  struct spawn_args args;
  args.path = path;
  args.argv = argv;
  args.envp = envp;
  args.err = 0;

  struct clone_args cl;
  memset (&cl, 0, sizeof cl);
  cl.flags = CLONE_VM | CLONE_VFORK;
  cl.exit_signal = SIGCHLD;
  cl.stack = (uintptr_t) stack;
  cl.stack_size = stack_size;
  if (pidfd != NULL)
    {
      cl.flags |= CLONE_PIDFD;
      cl.pidfd = (uintptr_t) pidfd;
    }
  if (cgroup_fd >= 0)
    {
      cl.flags |= CLONE_INTO_CGROUP;
      cl.cgroup = (unsigned int) cgroup_fd;
    }

  int cancel_state;
  pthread_setcancelstate (PTHREAD_CANCEL_DISABLE, &cancel_state);
  sigset_t all;
  sigfillset (&all);
  syscall (SYS_rt_sigprocmask, SIG_BLOCK, &all, &args.oldmask,
	   KERNEL_SIGSET_SIZE);

  pid_t pid = clone3 (&cl, sizeof cl, spawn_child, &args);
  int err = pid < 0 ? errno : __atomic_load_n (&args.err, __ATOMIC_RELAXED);
  if (pid > 0 && err != 0)
    {
      /* execve failed: the child has ended; reap it, as posix_spawn.  */
      while (waitpid (pid, NULL, __WALL) < 0 && errno == EINTR)
	continue;
      if (pidfd != NULL)
	close (*pidfd);
    }

  syscall (SYS_rt_sigprocmask, SIG_SETMASK, &args.oldmask, NULL,
	   KERNEL_SIGSET_SIZE);
  pthread_setcancelstate (cancel_state, NULL);
  munmap (stack, stack_size);

  if (err != 0)
    {
      errno = err;
      return -1;
    }
  /* The child's sigaction calls may have written errno (CLONE_VM shares
     it): give the caller back its own.  */
  errno = saved_errno;
  return pid;
}
