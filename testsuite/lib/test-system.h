/* Fixtures of the libclone3 tests: what the system allows and holds
   (privilege, /proc/sys numbers, a PID that looks free).
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.  */

#ifndef TEST_SYSTEM_H
#define TEST_SYSTEM_H 1

#include "clone3-test.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

/* Whether the process has CAP_SYS_ADMIN (root in the initial user
   namespace, as these tests run).  */
static __attribute__ ((unused)) int
test_privileged (void)
{
  return geteuid () == 0;
}


/* The number in FILE (a /proc/sys entry, say).  */
static __attribute__ ((unused)) long
test_read_long (const char *file)
{
  FILE *f = fopen (file, "r");
  if (f == NULL)
    UNSUPPORTED ("cannot read %s: %s", file, strerror (errno));
  long v;
  if (fscanf (f, "%ld", &v) != 1)
    FAIL_EXIT ("no number in %s", file);
  fclose (f);
  return v;
}

/* A PID for set_tid that looks free: far from the last one handed out
   (the kernel wraps past pid_max, and so does the choice), in
   [1000, pid_max), with no /proc entry.  ATTEMPT varies the choice.  */
static __attribute__ ((unused)) pid_t
test_free_pid (int attempt)
{
  long max = test_read_long ("/proc/sys/kernel/pid_max");
  long last = test_read_long ("/proc/sys/kernel/ns_last_pid");
  if (max < 2000)
    UNSUPPORTED ("pid_max %ld leaves no room to pick a PID", max);
  long span = max - 1000;
  for (int i = 0; i < 1000; ++i)
    {
      long step = 7919L * (attempt * 1000 + i);
      long cand = 1000 + ((last - 1000 + span / 2 + step) % span + span) % span;
      char dir[64];
      snprintf (dir, sizeof dir, "/proc/%ld", cand);
      if (access (dir, F_OK) != 0 && errno == ENOENT)
	return cand;
    }
  FAIL_EXIT ("no free PID found below pid_max %ld", max);
}


#endif /* test-system.h */
