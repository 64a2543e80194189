/* Fixtures of the libclone3 tests: counting pthread_atfork handlers, and
   catching calls into a module that has been unloaded.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.  */

#ifndef TEST_ATFORK_H
#define TEST_ATFORK_H 1

#include "clone3-test.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* Counting pthread_atfork handlers: test_atfork_counts[0], [1] and [2]
   count the prepare, parent and child calls, in memory that a child
   shares (test_atfork_count_init maps it and zeroes it).  */
static int *test_atfork_counts;

static __attribute__ ((unused)) void
test_count_prepare (void)
{
  __atomic_add_fetch (&test_atfork_counts[0], 1, __ATOMIC_SEQ_CST);
}

static __attribute__ ((unused)) void
test_count_parent (void)
{
  __atomic_add_fetch (&test_atfork_counts[1], 1, __ATOMIC_SEQ_CST);
}

static __attribute__ ((unused)) void
test_count_child (void)
{
  __atomic_add_fetch (&test_atfork_counts[2], 1, __ATOMIC_SEQ_CST);
}

static __attribute__ ((unused)) void
test_atfork_count_init (void)
{
  if (test_atfork_counts == NULL)
    {
      void *p = mmap (NULL, 3 * sizeof (int), PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
      if (p == MAP_FAILED)
	FAIL_EXIT ("mmap: %s", strerror (errno));
      test_atfork_counts = (int *) p;
    }
  test_atfork_counts[0] = test_atfork_counts[1] = test_atfork_counts[2] = 0;
}

/* The counts must be P, A and C.  */
static __attribute__ ((unused)) void
test_expect_atfork_counts (const char *what, int p, int a, int c)
{
  const int *n = test_atfork_counts;
  if (n[0] != p || n[1] != a || n[2] != c)
    FAIL_EXIT ("%s: handler calls %d/%d/%d (prepare/parent/child), "
	       "expected %d/%d/%d", what, n[0], n[1], n[2], p, a, c);
}


/* A call into a module that has been unloaded (SIGSEGV or SIGBUS) ends
   the test with status 3 and says so (the dlclose tests).  */
static __attribute__ ((unused)) void
test_on_unloaded_call (int sig)
{
  static const char msg[] = "crashed: a handler of the unloaded module "
    "was called\n";
  (void) sig;
  if (write (STDERR_FILENO, msg, sizeof msg - 1) < 0)
    _exit (3);
  _exit (3);
}

static __attribute__ ((unused)) void
test_catch_unloaded_calls (void)
{
  struct sigaction sa;
  memset (&sa, 0, sizeof sa);
  sa.sa_handler = test_on_unloaded_call;
  if (sigaction (SIGSEGV, &sa, NULL) != 0 || sigaction (SIGBUS, &sa, NULL) != 0)
    FAIL_EXIT ("sigaction: %s", strerror (errno));
}


#endif /* test-atfork.h */
