/* /init of the qemu-system test initramfs: run every test program once
   and report on the console, then power off.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.

   Linked statically (it runs before anything else is there).  Mounts
   what the tests look for (proc, sysfs, devtmpfs, cgroup2), prints the kernel release and runs /probe, then runs each
   entry of /list ("NAME GROUP PROGRAM [VAR=VALUE...]" per line:
   /p/PROGRAM with those variables added to its environment, in the
   order given) with a time limit, as root, in /tmp, LIBCLONE3_JOBS
   of them at once (default 1; each one's output is collected apart, in
   /out), and prints

     @@begin NAME
     ...the program's output...
     @@end NAME STATUS MS     (exit code, TIMEOUT or SIGNAL-n; time)

   cross/boot.sh reads these lines back.  The limit per program comes
   from LIBCLONE3_TIMEOUT on the kernel command line (default 120 s;
   cross/boot.sh passes 180).
   Each program runs with /lib/libclone3-timescale.so preloaded
   (cross/timescale.c), LIBCLONE3_TIME_SCALE and LIBCLONE3_TIME_CAP
   passed on from the command line, and LIBCLONE3_LOOP_DIVISOR as
   LIBCLONE3_TEST_LOOP_DIVISOR (clone3-test.h's test_loop_count).  */

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

static void
say (const char *fmt, const char *a, const char *b)
{
  printf (fmt, a, b);
  fflush (stdout);
}

/* The programs running at once, at most MAX_JOBS.  */
#define MAX_JOBS 8
struct job
{
  pid_t pid;
  int entry;			/* Index in the list.  */
  char name[256];
  struct timespec start;
  int killed;
};
static struct job jobs[MAX_JOBS];

static long
ms_since (const struct timespec *t0)
{
  struct timespec t1;
  clock_gettime (CLOCK_MONOTONIC, &t1);
  return (long) ((t1.tv_sec - t0->tv_sec) * 1000
		 + (t1.tv_nsec - t0->tv_nsec) / 1000000);
}

/* The most variables an entry of /list adds.  */
#define MAX_VARS 8

/* Start PROGRAM (/p/PROGRAM, or /PROGRAM for the probe) as NAME in slot
   J, with the NVARS variables VARS added to its environment, its output
   to /out/NAME.  */
static void
start (int j, const char *name, const char *program, char **vars,
       int nvars, int top)
{
  struct job *p = &jobs[j];
  snprintf (p->name, sizeof p->name, "%s", name);
  p->killed = 0;
  clock_gettime (CLOCK_MONOTONIC, &p->start);
  p->pid = fork ();
  if (p->pid == 0)
    {
      static char scale[64], cap[64], loops[64];
      snprintf (scale, sizeof scale, "LIBCLONE3_TIME_SCALE=%s",
		getenv ("LIBCLONE3_TIME_SCALE") ?: "1");
      snprintf (cap, sizeof cap, "LIBCLONE3_TIME_CAP=%s",
		getenv ("LIBCLONE3_TIME_CAP") ?: "60");
      snprintf (loops, sizeof loops, "LIBCLONE3_TEST_LOOP_DIVISOR=%s",
		getenv ("LIBCLONE3_LOOP_DIVISOR") ?: "1");
      char *envp[7 + MAX_VARS + 1] = {
	"PATH=/bin", "HOME=/tmp", "TERM=dumb",
	"LD_PRELOAD=/lib/libclone3-timescale.so", scale, cap, loops
      };
      for (int v = 0; v < nvars && v < MAX_VARS; ++v)
	envp[7 + v] = vars[v];
      char path[300], out[300];
      snprintf (path, sizeof path, top ? "/%s" : "/p/%s", program);
      snprintf (out, sizeof out, "/out/%s", name);
      setpgid (0, 0);
      int fd = open (out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (fd < 0 || chdir ("/tmp") != 0)
	_exit (126);
      dup2 (fd, 1);
      dup2 (fd, 2);
      close (fd);
      close (0);
      open ("/dev/null", O_RDONLY);
      char *const argv[] = { path, NULL };
      execve (path, argv, envp);
      printf ("init: cannot execute %s: %s\n", path, strerror (errno));
      _exit (127);
    }
  if (p->pid > 0)
    setpgid (p->pid, p->pid);
}

/* Report slot J's program, ended with wait STATUS (or TIMEOUT).  */
static void
report (int j, int status)
{
  struct job *p = &jobs[j];
  char code[64];
  if (p->pid < 0)
    snprintf (code, sizeof code, "FORK-FAILED");
  else if (p->killed)
    snprintf (code, sizeof code, "TIMEOUT");
  else if (WIFEXITED (status))
    snprintf (code, sizeof code, "%d", WEXITSTATUS (status));
  else if (WIFSIGNALED (status))
    snprintf (code, sizeof code, "SIGNAL-%d", WTERMSIG (status));
  else
    snprintf (code, sizeof code, "STATUS-%#x", status);
  /* What the test left running goes with it.  */
  if (p->pid > 0)
    kill (-p->pid, SIGKILL);
  printf ("@@begin %s\n", p->name);
  char out[300];
  snprintf (out, sizeof out, "/out/%s", p->name);
  FILE *f = fopen (out, "r");
  if (f != NULL)
    {
      char buf[4096];
      size_t n;
      while ((n = fread (buf, 1, sizeof buf, f)) > 0)
	fwrite (buf, 1, n, stdout);
      fclose (f);
      unlink (out);
    }
  printf ("\n@@end %s %s %ld\n", p->name, code, ms_since (&p->start));
  fflush (stdout);
  p->pid = 0;
}

/* Wait for any slot's program; kill those past TIMEOUT seconds.
   Returns when one slot was reported.  */
static void
wait_one (unsigned timeout)
{
  for (;;)
    {
      int status;
      pid_t r = waitpid (-1, &status, WNOHANG);
      if (r > 0)
	{
	  for (int j = 0; j < MAX_JOBS; ++j)
	    if (jobs[j].pid == r)
	      {
		report (j, status);
		return;
	      }
	  continue;		/* An orphan the test left: reaped.  */
	}
      for (int j = 0; j < MAX_JOBS; ++j)
	if (jobs[j].pid > 0 && !jobs[j].killed
	    && ms_since (&jobs[j].start) > (long) timeout * 1000)
	  {
	    jobs[j].killed = 1;
	    kill (-jobs[j].pid, SIGKILL);
	    kill (jobs[j].pid, SIGKILL);
	  }
      for (int j = 0; j < MAX_JOBS; ++j)
	if (jobs[j].pid < 0)
	  {
	    report (j, 0);
	    return;
	  }
      usleep (10000);
    }
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
  /* The initramfs is writable already; a tmpfs over /tmp would hide
     what it holds there (the modules of a build tree under /tmp, which
     tests dlopen by their absolute names).  */
  mkdir ("/tmp", 01777);

  mkdir ("/out", 0755);
  mount ("tmpfs", "/out", "tmpfs", 0, NULL);

  unsigned timeout = 120;
  const char *t = getenv ("LIBCLONE3_TIMEOUT");
  if (t != NULL && atoi (t) > 0)
    timeout = atoi (t);
  int njobs = 1;
  t = getenv ("LIBCLONE3_JOBS");
  if (t != NULL && atoi (t) > 0)
    njobs = atoi (t) < MAX_JOBS ? atoi (t) : MAX_JOBS;

  struct utsname u;
  uname (&u);
  say ("\n@@probe kernel %s %s\n", u.release, u.machine);
  jobs[0].entry = -1;
  start (0, "probe", "probe", NULL, 0, 1);
  wait_one (timeout);

  /* /list: "NAME GROUP PROGRAM [VAR=VALUE...]" per line, split in
     place into its words (GROUP only orders the list).  */
  enum { MAX_ENTRIES = 4096 };
  static struct entry
  {
    char line[512];
    char *name, *program, *vars[MAX_VARS];
    int nvars;
  } entries[MAX_ENTRIES];
  int n = 0;
  FILE *list = fopen ("/list", "r");
  while (list != NULL && n < MAX_ENTRIES
	 && fgets (entries[n].line, sizeof entries[n].line, list) != NULL)
    {
      struct entry *e = &entries[n];
      char *words[3 + MAX_VARS];
      int nwords = 0;
      char *w = strtok (e->line, " \n");
      for (; w != NULL && nwords < 3 + MAX_VARS; w = strtok (NULL, " \n"))
	words[nwords++] = w;
      if (nwords < 3)
	continue;
      e->name = words[0];
      e->program = words[2];
      e->nvars = nwords - 3;
      for (int v = 0; v < e->nvars; ++v)
	e->vars[v] = words[3 + v];
      ++n;
    }
  int next = 0, running = 0;
  for (;;)
    {
      if (running < njobs && next < n)
	{
	  for (int j = 0; j < MAX_JOBS; ++j)
	    if (jobs[j].pid == 0)
	      {
		jobs[j].entry = next;
		start (j, entries[next].name, entries[next].program,
		       entries[next].vars, entries[next].nvars, 0);
		break;
	      }
	  ++next;
	  ++running;
	  continue;
	}
      if (running == 0)
	break;
      wait_one (timeout);
      --running;
    }
  say ("@@done%s%s\n", "", "");
  sync ();
  reboot (RB_POWER_OFF);
  return 0;
}
