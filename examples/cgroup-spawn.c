/* libclone3 example: spawn a program straight into a new cgroup2 leaf
   (CLONE_INTO_CGROUP), hold it by a pidfd, and wait for it with poll.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.

   Usage: cgroup-spawn [PROGRAM [ARG...]]
   Without arguments it runs "cat /proc/self/cgroup", which shows where
   the child started.  Placing the child at creation, rather than moving
   it after the fork, means it never runs a single instruction outside
   its cgroup.  The cgroup2 hierarchy is found in /proc/self/mountinfo;
   where there is none, or it is not writable, the program runs in our
   own cgroup and says so.  Exits with the program's status.  */

#define _GNU_SOURCE 1
#include <clone3.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* The mount point of the cgroup2 hierarchy: field 5 of the line whose
   file-system type, after the " - " separator, is cgroup2.  */
static int
find_cgroup2 (char *buf, size_t len)
{
  FILE *f = fopen ("/proc/self/mountinfo", "r");
  if (f == NULL)
    return -1;
  char line[4096];
  int found = -1;
  while (found != 0 && fgets (line, sizeof line, f) != NULL)
    {
      char point[1024];
      if (strstr (line, " - cgroup2 ") != NULL
	  && sscanf (line, "%*s %*s %*s %*s %1023s", point) == 1)
	found = snprintf (buf, len, "%s", point) < (int) len ? 0 : -1;
    }
  fclose (f);
  return found;
}

int
main (int argc, char **argv)
{
  static char *default_argv[] = { "cat", "/proc/self/cgroup", NULL };
  const char *path = "/bin/cat";
  char **args = default_argv;
  if (argc > 1)
    {
      path = argv[1];
      args = argv + 1;
    }

  /* A fresh leaf, removed at the end.  */
  char mount[1024], leaf[2048] = "";
  int cgroup = -1;
  if (find_cgroup2 (mount, sizeof mount) != 0)
    printf ("no cgroup2 hierarchy mounted: running without a cgroup\n");
  else
    {
      snprintf (leaf, sizeof leaf, "%s/libclone3-example-%d", mount,
		(int) getpid ());
      if (mkdir (leaf, 0755) != 0)
	printf ("cgroup2 at %s is not writable (%s): running without a "
		"cgroup\n", mount, strerror (errno));
      else if ((cgroup = open (leaf, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
	{
	  printf ("cannot open %s (%s): running without a cgroup\n", leaf,
		  strerror (errno));
	  rmdir (leaf);
	}
      else
	printf ("spawning into %s\n", leaf);
    }

  struct clone_args args3;
  memset (&args3, 0, sizeof args3);
  int pidfd = -1;
  args3.flags = CLONE_PIDFD;
  args3.pidfd = (uintptr_t) &pidfd;
  args3.exit_signal = SIGCHLD;
  if (cgroup >= 0)
    {
      args3.flags |= CLONE_INTO_CGROUP;
      args3.cgroup = (unsigned int) cgroup;
    }

  /* A close-on-exec pipe carries a failed exec's errno; a successful
     exec closes it.  The child keeps to async-signal-safe calls, so
     the raw form is enough.  */
  int report[2];
  if (pipe2 (report, O_CLOEXEC) != 0)
    {
      perror ("pipe2");
      return 1;
    }
  fflush (stdout);
  pid_t pid = clone3_fork_raw (&args3, sizeof args3);
  if (pid < 0)
    {
      fprintf (stderr, "clone3_fork_raw: %s\n", strerror (errno));
      return 1;
    }
  if (pid == 0)
    {
      execv (path, args);
      int err = errno;
      if (write (report[1], &err, sizeof err) < 0)
	_exit (126);
      _exit (127);
    }
  close (report[1]);
  int err;
  ssize_t n = read (report[0], &err, sizeof err);
  close (report[0]);
  if (n == (ssize_t) sizeof err)
    fprintf (stderr, "cannot run %s: %s\n", path, strerror (err));

  /* The pidfd polls readable once the child has ended.  */
  struct pollfd p = { .fd = pidfd, .events = POLLIN };
  int r;
  do
    r = poll (&p, 1, -1);
  while (r < 0 && errno == EINTR);
  if (r != 1)
    {
      perror ("poll");
      return 1;
    }
  siginfo_t info;
  memset (&info, 0, sizeof info);
  if (waitid (P_PIDFD, (id_t) pidfd, &info, WEXITED) != 0)
    {
      perror ("waitid");
      return 1;
    }
  close (pidfd);
  if (cgroup >= 0)
    {
      close (cgroup);
      rmdir (leaf);
    }
  if (info.si_code != CLD_EXITED)
    {
      printf ("child %d killed by signal %d\n", (int) pid, info.si_status);
      return 1;
    }
  printf ("child %d exited with status %d\n", (int) pid, info.si_status);
  return n == (ssize_t) sizeof err ? 1 : info.si_status;
}
