/* /init of the qemu-system test initramfs: run every test program once
   and report on the console, then power off.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.

   Linked statically (it runs before anything else is there).  Mounts
   what the tests look for (proc, sysfs, devtmpfs, cgroup2, a tmpfs
   /tmp), prints the kernel release and runs /probe, then runs each
   program named in /list (one name under /t per line) with a time
   limit, as root, in /tmp, and prints

     @@begin NAME
     ...the program's output...
     @@end NAME STATUS MS     (exit code, TIMEOUT or SIGNAL-n; time)

   cross/boot.sh reads these lines back.  The limit per program comes
   from LIBCLONE3_TIMEOUT on the kernel command line (default 120 s).  */

#define _GNU_SOURCE 1
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t expired;

static void
on_alarm (int sig)
{
  (void) sig;
  expired = 1;
}

static void
say (const char *fmt, const char *a, const char *b)
{
  printf (fmt, a, b);
  fflush (stdout);
}

/* Run PATH with ARGV0; return its status as text in BUF.  */
static const char *
run (const char *path, unsigned timeout, char *buf, size_t len)
{
  pid_t pid = fork ();
  if (pid < 0)
    {
      snprintf (buf, len, "FORK-FAILED-%d", errno);
      return buf;
    }
  if (pid == 0)
    {
      static char *const envp[] = {
	"PATH=/bin", "HOME=/tmp", "TERM=dumb", NULL
      };
      setpgid (0, 0);
      if (chdir ("/tmp") != 0)
	_exit (126);
      char *const argv[] = { (char *) path, NULL };
      execve (path, argv, envp);
      printf ("init: cannot execute %s: %s\n", path, strerror (errno));
      _exit (127);
    }
  setpgid (pid, pid);
  expired = 0;
  alarm (timeout);
  int status;
  pid_t r;
  while ((r = waitpid (pid, &status, 0)) < 0 && errno == EINTR)
    if (expired)
      {
	/* The whole process group: what a hung test left running too.  */
	kill (-pid, SIGKILL);
	kill (pid, SIGKILL);
      }
  alarm (0);
  /* Orphans the test left behind are ours to reap; kill their group.  */
  kill (-pid, SIGKILL);
  while (waitpid (-1, NULL, WNOHANG) > 0)
    ;
  if (r != pid)
    snprintf (buf, len, "WAIT-FAILED-%d", errno);
  else if (expired)
    snprintf (buf, len, "TIMEOUT");
  else if (WIFEXITED (status))
    snprintf (buf, len, "%d", WEXITSTATUS (status));
  else if (WIFSIGNALED (status))
    snprintf (buf, len, "SIGNAL-%d", WTERMSIG (status));
  else
    snprintf (buf, len, "STATUS-%#x", status);
  return buf;
}

int
main (void)
{
  mount ("devtmpfs", "/dev", "devtmpfs", 0, NULL);
  int fd = open ("/dev/console", O_RDWR);
  if (fd >= 0)
    {
      dup2 (fd, 0);
      dup2 (fd, 1);
      dup2 (fd, 2);
      if (fd > 2)
	close (fd);
    }
  mount ("proc", "/proc", "proc", 0, NULL);
  mount ("sysfs", "/sys", "sysfs", 0, NULL);
  mkdir ("/sys/fs/cgroup", 0755);
  mount ("cgroup2", "/sys/fs/cgroup", "cgroup2", 0, NULL);
  mount ("tmpfs", "/tmp", "tmpfs", 0, NULL);

  struct sigaction sa;
  memset (&sa, 0, sizeof sa);
  sa.sa_handler = on_alarm;
  sigaction (SIGALRM, &sa, NULL);

  unsigned timeout = 120;
  const char *t = getenv ("LIBCLONE3_TIMEOUT");
  if (t != NULL && atoi (t) > 0)
    timeout = atoi (t);

  struct utsname u;
  uname (&u);
  say ("\n@@probe kernel %s %s\n", u.release, u.machine);
  char status[64];
  say ("@@begin %s\n", "probe", "");
  run ("/probe", timeout, status, sizeof status);
  say ("\n@@end %s %s\n", "probe", status);

  FILE *list = fopen ("/list", "r");
  char name[256];
  while (list != NULL && fgets (name, sizeof name, list) != NULL)
    {
      name[strcspn (name, "\n")] = '\0';
      if (name[0] == '\0')
	continue;
      char path[300];
      snprintf (path, sizeof path, "/t/%s", name);
      say ("@@begin %s\n", name, "");
      struct timespec t0, t1;
      clock_gettime (CLOCK_MONOTONIC, &t0);
      run (path, timeout, status, sizeof status);
      clock_gettime (CLOCK_MONOTONIC, &t1);
      printf ("\n@@end %s %s %ld\n", name, status,
	      (long) ((t1.tv_sec - t0.tv_sec) * 1000
		      + (t1.tv_nsec - t0.tv_nsec) / 1000000));
      fflush (stdout);
    }
  say ("@@done%s%s\n", "", "");
  sync ();
  reboot (RB_POWER_OFF);
  return 0;
}
