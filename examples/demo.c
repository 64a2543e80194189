/* libclone3 demo: a child made by clone3_fork with a pidfd, placed in a
   fresh cgroup2 leaf at birth, waited for through the pidfd.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.  */

#define _GNU_SOURCE 1
#include <clone3.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* The mount point of the cgroup2 hierarchy, from /proc/self/mountinfo.  */
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
main (void)
{
  char leaf[2048] = "";
  char mount[1024];
  int cgroup = -1;
  if (find_cgroup2 (mount, sizeof mount) == 0)
    {
      snprintf (leaf, sizeof leaf, "%s/libclone3-demo-%d", mount,
		(int) getpid ());
      if (mkdir (leaf, 0755) == 0)
	cgroup = open (leaf, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    }
  if (cgroup < 0)
    printf ("no writable cgroup2 hierarchy: the child stays in ours\n");

  int pidfd = -1;
  struct clone_args args;
  memset (&args, 0, sizeof args);
  args.flags = CLONE_PIDFD;
  args.pidfd = (unsigned long) &pidfd;
  args.exit_signal = SIGCHLD;
  if (cgroup >= 0)
    {
      args.flags |= CLONE_INTO_CGROUP;
      args.cgroup = (unsigned int) cgroup;
    }

  fflush (stdout);
  pid_t pid = clone3_fork (&args, sizeof args);
  if (pid < 0)
    {
      fprintf (stderr, "clone3_fork: %s\n", strerror (errno));
      return 1;
    }
  if (pid == 0)
    {
      char line[512] = "?";
      FILE *f = fopen ("/proc/self/cgroup", "r");
      if (f != NULL)
	{
	  /* The cgroup2 entry is the one with an empty controller list.  */
	  while (fgets (line, sizeof line, f) != NULL)
	    if (strncmp (line, "0::", 3) == 0)
	      break;
	  fclose (f);
	  line[strcspn (line, "\n")] = '\0';
	}
      printf ("child:  pid %d, cgroup %s\n", (int) getpid (), line + 3);
      fflush (stdout);
      _exit (42);
    }

  struct pollfd p = { .fd = pidfd, .events = POLLIN };
  poll (&p, 1, -1);
  siginfo_t info;
  memset (&info, 0, sizeof info);
  if (waitid (P_PIDFD, (id_t) pidfd, &info, WEXITED) != 0)
    {
      fprintf (stderr, "waitid: %s\n", strerror (errno));
      return 1;
    }
  printf ("parent: child %d exited with status %d, seen through pidfd %d\n",
	  (int) pid, info.si_status, pidfd);
  printf ("parent: clone3_fork strategy \"%s\"\n", clone3_fork_strategy ());
  close (pidfd);
  if (cgroup >= 0)
    {
      close (cgroup);
      rmdir (leaf);
    }
  return info.si_status == 42 ? 0 : 1;
}
