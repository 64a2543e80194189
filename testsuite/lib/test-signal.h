/* Fixtures of the libclone3 tests: pending signals.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.  */

#ifndef TEST_SIGNAL_H
#define TEST_SIGNAL_H 1

#include "clone3-test.h"

#include <signal.h>
#include <time.h>

/* Discard the pending (blocked) instances of SIG.  */
static __attribute__ ((unused)) void
test_drain_signal (int sig)
{
  sigset_t set;
  sigemptyset (&set);
  sigaddset (&set, sig);
  struct timespec zero = { 0, 0 };
  while (sigtimedwait (&set, NULL, &zero) == sig)
    ;
}

/* Whether SIG is pending for the calling thread or the process.  */
static __attribute__ ((unused)) int
test_signal_pending (int sig)
{
  sigset_t set;
  CHECK (sigpending (&set) == 0);
  return sigismember (&set, sig);
}


#endif /* test-signal.h */
