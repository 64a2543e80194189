/* Preloaded into the test programs under qemu-system: stretches the
   alarm a test sets itself.  Tests bound their own run time for native
   speed (clone3-test.h's alarm (CLONE3_TEST_TIMEOUT), a few seconds
   where a test "runs in well under a second"); under TCG the same work
   takes ten to fifty times as long.  alarm (S) becomes a timer of
   S * LIBCLONE3_TIME_SCALE seconds, at most LIBCLONE3_TIME_CAP (so a
   real hang still ends soon).
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.  */

#define _GNU_SOURCE 1
#include <stdlib.h>
#include <sys/time.h>
#include <unistd.h>

static unsigned
env_number (const char *name, unsigned dflt)
{
  const char *s = getenv (name);
  return s != NULL && atoi (s) > 0 ? (unsigned) atoi (s) : dflt;
}

unsigned int
alarm (unsigned int seconds)
{
  unsigned scale = env_number ("LIBCLONE3_TIME_SCALE", 1);
  unsigned cap = env_number ("LIBCLONE3_TIME_CAP", 60);
  unsigned long want = (unsigned long) seconds * scale;
  if (seconds != 0 && want > cap)
    want = cap > seconds ? cap : seconds;
  struct itimerval t = { { 0, 0 }, { (time_t) want, 0 } }, old;
  if (setitimer (ITIMER_REAL, &t, &old) != 0)
    return 0;
  /* What the caller asked for is what it is told remains.  */
  return (unsigned) ((old.it_value.tv_sec + (old.it_value.tv_usec > 0))
		     / (scale > 0 ? scale : 1));
}
