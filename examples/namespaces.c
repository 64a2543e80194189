/* libclone3 example: a child in new user, PID, mount and UTS namespaces
   reports how it sees the world.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.

   The parent writes the child's uid and gid maps (our IDs become root
   inside), then lets it go on.  The child finds itself root and PID 1,
   sets its own hostname, and mounts a tmpfs that only its mount
   namespace sees (propagation made private first).  The parent checks
   afterwards that neither the hostname nor the mount leaked out.
   Exits 0 if everything was as expected, 77 where the kernel or its
   configuration gives no user namespaces.  */

#define _GNU_SOURCE 1
#include <clone3.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef TMPFS_MAGIC
# define TMPFS_MAGIC 0x01021994
#endif

static const char hostname[] = "libclone3-example";

/* Write TEXT to the file FMT (with PID) names.  */
static int
write_file (const char *fmt, pid_t pid, const char *text)
{
  char file[64];
  snprintf (file, sizeof file, fmt, (int) pid);
  int fd = open (file, O_WRONLY | O_CLOEXEC);
  if (fd < 0)
    {
      fprintf (stderr, "open %s: %s\n", file, strerror (errno));
      return -1;
    }
  ssize_t n = write (fd, text, strlen (text));
  int err = errno;
  close (fd);
  if (n != (ssize_t) strlen (text))
    {
      fprintf (stderr, "write %s: %s\n", file, strerror (err));
      return -1;
    }
  return 0;
}

/* The child: wait for the maps, then look around.  Returns the number
   of things that were not as expected.  */
static int
child (int go, const char *dir)
{
  char c;
  /* End of file: the parent has written the maps.  */
  while (read (go, &c, 1) < 0 && errno == EINTR)
    ;
  int bad = 0;

  printf ("child:  uid %d, gid %d, pid %d\n", (int) getuid (),
	  (int) getgid (), (int) getpid ());
  FILE *f = fopen ("/proc/self/uid_map", "r");
  char line[128];
  if (f != NULL && fgets (line, sizeof line, f) != NULL)
    printf ("child:  uid_map %s", line);
  if (f != NULL)
    fclose (f);
  if (getuid () != 0 || getgid () != 0)
    {
      printf ("child:  expected to be root here\n");
      ++bad;
    }
  if (getpid () != 1)
    {
      printf ("child:  expected to be PID 1\n");
      ++bad;
    }

  struct utsname u;
  if (sethostname (hostname, strlen (hostname)) != 0)
    {
      printf ("child:  sethostname: %s\n", strerror (errno));
      ++bad;
    }
  else if (uname (&u) == 0)
    {
      printf ("child:  hostname %s\n", u.nodename);
      if (strcmp (u.nodename, hostname) != 0)
	++bad;
    }

  /* Private propagation first, or the tmpfs could show up in the
     parent's namespace through a shared mount.  */
  struct statfs sfs;
  char file[1100];
  snprintf (file, sizeof file, "%s/only-in-the-child", dir);
  if (mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
    {
      printf ("child:  making / private: %s\n", strerror (errno));
      ++bad;
    }
  else if (mount ("libclone3", dir, "tmpfs", 0, "size=64k") != 0)
    {
      printf ("child:  mount tmpfs on %s: %s\n", dir, strerror (errno));
      ++bad;
    }
  else if (statfs (dir, &sfs) != 0 || sfs.f_type != TMPFS_MAGIC)
    {
      printf ("child:  %s is not a tmpfs\n", dir);
      ++bad;
    }
  else
    {
      int fd = open (file, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
      if (fd < 0)
	{
	  printf ("child:  create %s: %s\n", file, strerror (errno));
	  ++bad;
	}
      else
	{
	  close (fd);
	  printf ("child:  tmpfs mounted on %s, %s created\n", dir, file);
	}
    }
  fflush (stdout);
  return bad;
}

int
main (void)
{
  char dir[] = "/tmp/libclone3-ns-XXXXXX";
  if (mkdtemp (dir) == NULL)
    {
      perror ("mkdtemp");
      return 1;
    }
  struct utsname before;
  uname (&before);

  int go[2];
  if (pipe2 (go, O_CLOEXEC) != 0)
    {
      perror ("pipe2");
      return 1;
    }
  struct clone_args args;
  memset (&args, 0, sizeof args);
  int pidfd = -1;
  args.flags = (CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS
		| CLONE_PIDFD);
  args.pidfd = (uintptr_t) &pidfd;
  args.exit_signal = SIGCHLD;
  fflush (stdout);
  pid_t pid = clone3_fork (&args, sizeof args);
  if (pid == 0)
    {
      close (go[1]);
      _exit (child (go[0], dir) == 0 ? 0 : 1);
    }
  close (go[0]);
  if (pid < 0)
    {
      int err = errno;
      rmdir (dir);
      fprintf (stderr, "clone3_fork: %s\n", strerror (err));
      if (err == EPERM || err == EINVAL || err == ENOSPC || err == EUSERS
	  || err == ENOSYS)
	{
	  printf ("no user namespaces here (%s)\n", strerror (err));
	  return 77;
	}
      return 1;
    }

  /* Our IDs map to root inside; setgroups must be denied before an
     unprivileged parent may write a gid map.  */
  char map[64];
  int ok = 1;
  snprintf (map, sizeof map, "0 %d 1\n", (int) getuid ());
  ok &= write_file ("/proc/%d/uid_map", pid, map) == 0;
  ok &= write_file ("/proc/%d/setgroups", pid, "deny") == 0;
  snprintf (map, sizeof map, "0 %d 1\n", (int) getgid ());
  ok &= write_file ("/proc/%d/gid_map", pid, map) == 0;
  close (go[1]);

  siginfo_t info;
  memset (&info, 0, sizeof info);
  if (waitid (P_PIDFD, (id_t) pidfd, &info, WEXITED) != 0)
    {
      perror ("waitid");
      return 1;
    }
  close (pidfd);
  printf ("parent: child %d (PID 1 inside) exited with status %d\n",
	  (int) pid, info.si_status);

  /* Nothing leaked into our namespaces.  */
  struct utsname after;
  uname (&after);
  char file[1100];
  snprintf (file, sizeof file, "%s/only-in-the-child", dir);
  if (strcmp (before.nodename, after.nodename) != 0)
    {
      printf ("parent: our hostname changed to %s\n", after.nodename);
      ok = 0;
    }
  if (access (file, F_OK) == 0)
    {
      printf ("parent: the child's tmpfs is visible here\n");
      unlink (file);
      ok = 0;
    }
  else
    printf ("parent: hostname still %s, %s still empty\n", after.nodename,
	    dir);
  rmdir (dir);
  return ok && info.si_code == CLD_EXITED && info.si_status == 0 ? 0 : 1;
}
