/* Fixtures of the libclone3 tests: a fresh cgroup2 leaf to place
   children in.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.  */

#ifndef TEST_CGROUP_H
#define TEST_CGROUP_H 1

#include "clone3-test.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

/* Find a writable cgroup2 hierarchy and create a fresh leaf under it;
   its path is stored in PATH.  Returns an O_DIRECTORY descriptor, or -1
   with the reason in WHY.  Remove the leaf with test_cgroup_remove.  */
static __attribute__ ((unused)) int
test_cgroup_leaf (char *path, size_t len, const char **why)
{
  FILE *f = fopen ("/proc/self/mountinfo", "r");
  if (f == NULL)
    {
      *why = "no /proc/self/mountinfo";
      return -1;
    }
  char line[4096];
  char mnt[1024] = "";
  while (fgets (line, sizeof line, f) != NULL)
    {
      /* ... mount-point ... - cgroup2 source options */
      char *sep = strstr (line, " - cgroup2 ");
      if (sep == NULL)
	continue;
      char point[1024];
      if (sscanf (line, "%*s %*s %*s %*s %1023s", point) == 1)
	{
	  snprintf (mnt, sizeof mnt, "%s", point);
	  break;
	}
    }
  fclose (f);
  if (mnt[0] == '\0')
    {
      *why = "no cgroup2 hierarchy mounted";
      return -1;
    }
  snprintf (path, len, "%s/libclone3-test-%d", mnt, (int) getpid ());
  if (mkdir (path, 0755) != 0)
    {
      *why = "cannot create a cgroup2 leaf (not writable)";
      return -1;
    }
  int fd = open (path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    {
      rmdir (path);
      *why = "cannot open the new cgroup2 leaf";
      return -1;
    }
  return fd;
}

/* Whether PID is listed in the cgroup at PATH.  */
static __attribute__ ((unused)) int
test_cgroup_has (const char *path, pid_t pid)
{
  char file[1100];
  snprintf (file, sizeof file, "%s/cgroup.procs", path);
  FILE *f = fopen (file, "r");
  if (f == NULL)
    FAIL_EXIT ("open %s: %s", file, strerror (errno));
  int found = 0;
  long p;
  while (fscanf (f, "%ld", &p) == 1)
    if (p == pid)
      found = 1;
  fclose (f);
  return found;
}

static __attribute__ ((unused)) void
test_cgroup_remove (const char *path, int fd)
{
  close (fd);
  /* The leaf can go once its processes have been reaped.  */
  for (int i = 0; i < 100 && rmdir (path) != 0 && errno == EBUSY; ++i)
    usleep (10000);
}


#endif /* test-cgroup.h */
