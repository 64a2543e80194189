/* Fixtures of the libclone3 tests: argument blocks, making children and
   waiting for them, the legacy clone system call, descriptor counts.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.  */

#ifndef TEST_CHILD_H
#define TEST_CHILD_H 1

#include "clone3-test.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* A zeroed argument block with EXIT_SIGNAL and FLAGS.  */
static __attribute__ ((unused)) struct clone_args
test_args (unsigned long long flags, unsigned long long exit_signal)
{
  struct clone_args a;
  memset (&a, 0, sizeof a);
  a.flags = flags;
  a.exit_signal = exit_signal;
  return a;
}

/* The three functions under test, for tests that loop over them.  */
enum test_which { TEST_CLONE3, TEST_FORK, TEST_FORK_RAW };
static __attribute__ ((unused)) const char *const test_names[]
  = { "clone3", "clone3_fork", "clone3_fork_raw" };

/* Make a child through W with the SIZE bytes at A that runs BODY (ARG)
   and exits with its result; returns as the function does.  */
static __attribute__ ((unused)) pid_t
test_spawn_size (enum test_which w, struct clone_args *a, size_t size,
		 int (*body) (void *), void *arg)
{
  pid_t r;
  if (w == TEST_CLONE3)
    return clone3 (a, size, body, arg);
  r = (w == TEST_FORK ? clone3_fork (a, size) : clone3_fork_raw (a, size));
  if (r == 0)
    _exit (body (arg));
  return r;
}

/* test_spawn_size with the whole structure at A.  */
static __attribute__ ((unused)) pid_t
test_spawn (enum test_which w, struct clone_args *a, int (*body) (void *),
	    void *arg)
{
  return test_spawn_size (w, a, sizeof *a, body, arg);
}


/* A clone3 callback that returns the int ARG points to.  */
static __attribute__ ((unused)) int
test_exit_with (void *arg)
{
  return *(int *) arg;
}


/* Wait for PID (whatever its exit signal) and return its wait status.  */
static __attribute__ ((unused)) int
test_wait (pid_t pid)
{
  int status;
  pid_t r;
  do
    r = waitpid (pid, &status, __WALL);
  while (r < 0 && errno == EINTR);
  if (r != pid)
    FAIL_EXIT ("waitpid (%d): %s", (int) pid, strerror (errno));
  return status;
}

/* Wait for PID and return its exit status; fail if it did not exit
   normally.  */
static __attribute__ ((unused)) int
test_wait_exit (pid_t pid)
{
  int status = test_wait (pid);
  if (!WIFEXITED (status))
    FAIL_EXIT ("child %d did not exit: status %#x", (int) pid, status);
  return WEXITSTATUS (status);
}

/* Wait for PID and return the signal that killed it, or fail.  */
static __attribute__ ((unused)) int
test_wait_signal (pid_t pid)
{
  int status = test_wait (pid);
  if (!WIFSIGNALED (status))
    FAIL_EXIT ("child %d was not killed: status %#x", (int) pid, status);
  return WTERMSIG (status);
}


/* The legacy clone system call with FLAGS and no stack or pointers,
   as fork makes a child but without glibc: returns what the system
   call returns.  s390 takes the stack before the flags.  */
static __attribute__ ((unused)) long
test_clone_syscall (unsigned long flags)
{
#ifdef __s390__
  return syscall (SYS_clone, 0L, flags, 0L, 0L, 0L);
#else
  return syscall (SYS_clone, flags, 0L, 0L, 0L, 0L);
#endif
}


/* The number of open file descriptors, for leak checks.  */
static __attribute__ ((unused)) int
test_count_fds (void)
{
  DIR *d = opendir ("/proc/self/fd");
  if (d == NULL)
    FAIL_EXIT ("opendir /proc/self/fd: %s", strerror (errno));
  int n = 0;
  struct dirent *e;
  while ((e = readdir (d)) != NULL)
    if (e->d_name[0] != '.')
      ++n;
  closedir (d);
  return n - 1;			/* The directory's own descriptor.  */
}


#endif /* test-child.h */
