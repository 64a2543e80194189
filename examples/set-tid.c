/* libclone3 example: restore a process at a PID of our choosing with
   set_tid, as checkpoint/restore (CRIU) does.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.

   Usage: set-tid [PID]
   First the child is made at PID (default: a free PID near ours) in our
   own PID namespace; then a child is made as PID 1 of a new PID
   namespace and at PID outside it, set_tid listing the PIDs innermost
   namespace first.  Choosing PIDs needs CAP_CHECKPOINT_RESTORE or
   CAP_SYS_ADMIN over the PID namespaces: without it the example exits
   77, as it does where clone3 is missing (the legacy clone system call
   cannot take set_tid).  */

#define _GNU_SOURCE 1
#include <clone3.h>

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static long
pid_max (void)
{
  long max = 32768;
  FILE *f = fopen ("/proc/sys/kernel/pid_max", "r");
  if (f != NULL)
    {
      if (fscanf (f, "%ld", &max) != 1)
	max = 32768;
      fclose (f);
    }
  return max;
}

/* Make a child with set_tid TIDS[0..N-1] (and CLONE_NEWPID if NEWPID)
   that checks it runs as PID TIDS[0].  Returns the child's PID, or -1
   with errno set.  */
static pid_t
restore (const pid_t *tids, size_t n, int newpid)
{
  struct clone_args args;
  memset (&args, 0, sizeof args);
  args.flags = newpid ? CLONE_NEWPID : 0;
  args.exit_signal = SIGCHLD;
  args.set_tid = (uintptr_t) tids;
  args.set_tid_size = n;
  fflush (stdout);
  pid_t pid = clone3_fork (&args, sizeof args);
  if (pid == 0)
    {
      printf ("child:  running as PID %d%s\n", (int) getpid (),
	      newpid ? " in its new PID namespace" : "");
      fflush (stdout);
      _exit (getpid () == tids[0] ? 0 : 1);
    }
  if (pid > 0)
    {
      int status;
      if (waitpid (pid, &status, 0) != pid
	  || !WIFEXITED (status) || WEXITSTATUS (status) != 0)
	{
	  printf ("parent: child %d did not find itself at PID %d\n",
		  (int) pid, (int) tids[0]);
	  errno = EPROTO;
	  return -1;
	}
    }
  return pid;
}

/* Restore at a free PID from WANT on (the next ones if it is taken,
   unless FIXED).  The innermost namespace's PID, if INNER, comes
   first.  Returns 0, 77 or 1 as main does.  */
static int
restore_somewhere (pid_t want, int fixed, int inner)
{
  long max = pid_max ();
  for (int tries = 0; tries < 100; ++tries, want += 13)
    {
      if (want >= max)
	want = 300 + want % (max - 300);
      pid_t tids[2];
      size_t n = 0;
      if (inner)
	tids[n++] = 1;
      tids[n++] = want;
      pid_t pid = restore (tids, n, inner);
      if (pid == want)
	{
	  printf ("parent: restored child at PID %d%s\n", (int) pid,
		  inner ? " (PID 1 inside)" : "");
	  return 0;
	}
      if (pid >= 0)
	{
	  printf ("parent: child got PID %d, not %d\n", (int) pid,
		  (int) want);
	  return 1;
	}
      if (errno == EEXIST && !fixed)
	continue;		/* Taken: try the next.  */
      if (errno == EPERM)
	{
	  printf ("not privileged to choose PIDs (%s): "
		  "needs CAP_CHECKPOINT_RESTORE\n", strerror (errno));
	  return 77;
	}
      if (errno == ENOSYS)
	{
	  printf ("no clone3 here, and legacy clone has no set_tid\n");
	  return 77;
	}
      printf ("clone3_fork (set_tid %d): %s\n", (int) want,
	      strerror (errno));
      return 1;
    }
  printf ("no free PID found\n");
  return 1;
}

int
main (int argc, char **argv)
{
  pid_t want = 4000 + getpid () % 20000;
  int fixed = 0;
  if (argc > 1)
    {
      want = (pid_t) atoi (argv[1]);
      fixed = 1;
      if (want <= 0)
	{
	  fprintf (stderr, "usage: %s [PID]\n", argv[0]);
	  return 2;
	}
    }
  int r = restore_somewhere (want, fixed, 0);
  if (r != 0)
    return r;
  return restore_somewhere (want + 1, fixed, 1);
}
