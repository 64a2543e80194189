/* clone3-bench: what a child costs, with glibc's calls and libclone3's.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.

   Measured: the time from the call that makes a child to the moment the
   parent has reaped it (and closed its pidfd, if any), for a child that
   exits at once and for one that execs /bin/true.  For the spawn-type
   calls, which cannot make a child that runs no program, "exits at once"
   is an execve of a missing file: the child fails the execve and exits
   at once, and the call reports ENOENT (the child already reaped).

   The design, and why it is fair:

   - clone3_fork's strategy is fixed when libclone3 is loaded, from
     CLONE3_FORK_STRATEGY.  So the measuring is done by WORKERS, one per
     strategy: this same program, re-executed (/proc/self/exe) with
     CLONE3_FORK_STRATEGY=dispatch, relay or emulate in its environment.
     The main process only orchestrates; it never makes a measured child
     and stays small.

   - For one configuration (parent size, thread count) all three workers
     are started alike: each maps the same amount of anonymous memory,
     touches every page of it (4 KiB pages: MADV_NOHUGEPAGE, so that the
     size shows in the page tables whatever the THP setting), and starts
     the same number of extra threads, which sleep in pause ().  Workers
     differ in nothing but the environment variable.

   - Interleaving: the main process runs ROUNDS.  In a round, every
     (method, mode) pair is measured once, a short batch of iterations,
     in an order rotated by one each round; between two batches the main
     process waits for the answer, so exactly one worker is ever busy
     and none competes with another for the CPUs.  A clone3_fork strategy
     is measured in its own worker; every other method runs in the
     workers in turn (round r uses worker r mod 3), so that whatever
     distinguishes a worker is spread over all methods alike.  Machine
     drift (other load, frequency, the page cache) thus hits every method
     equally, and the ratios compare figures from the same rounds.

   - The configurations run one after the other, never overlapping: at
     the 2 GiB size the three workers hold 6 GiB, and their fork children
     share it copy-on-write.

   - A batch is a few iterations of a fork-type method (fewer, the
     larger the parent), or MAX_BATCH iterations of a method that shares
     the address space, whose cost does not depend on the size.

   - Every sample is one child; the table gives the median and the 90th
     percentile of all samples, and each as a ratio to glibc's fork () and
     to the raw clone3 system call (the floor) of the same configuration
     and mode.

   Usage: clone3-bench [--csv FILE] [--plot FILE.png] [--time SCALE]
   SCALE multiplies the time budget of each configuration (default 1,
   about two and a half minutes in all).  */

#define _GNU_SOURCE 1
#include <clone3.h>
#include "clone3-spawn.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <gnu/libc-version.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef P_PIDFD
# define P_PIDFD 3
#endif

extern char **environ;

enum { MODE_EXIT, MODE_EXEC, NMODES };
static const char *const mode_names[NMODES] = { "exit", "exec" };
static const char *const mode_titles[NMODES] =
  { "child exits at once", "child execs /bin/true" };

enum
{
  M_FORK, M_VFORK, M_POSIX_SPAWN, M_PIDFD_SPAWN, M_RAW,
  M_DISPATCH, M_RELAY, M_EMULATE, M_FORK_RAW,
  M_CB, M_CB_PIDFD, M_CB_CGROUP, M_SPAWN, M_SPAWN_CGROUP,
  NMETHODS
};

/* The workers, by the strategy each forces.  */
enum { W_DISPATCH, W_RELAY, W_EMULATE, NWORKERS };
static const char *const worker_strategy[NWORKERS] =
  { "dispatch", "relay", "emulate" };

static const struct
{
  const char *name;		/* Short, for the table, CSV and plot.  */
  int worker;			/* The worker it needs, or -1 for any.  */
  int copies;			/* Copies the address space (fork-type).  */
} methods[NMETHODS] = {
  [M_FORK] = { "fork", -1, 1 },
  [M_VFORK] = { "vfork", -1, 0 },
  [M_POSIX_SPAWN] = { "posix_spawn", -1, 0 },
  [M_PIDFD_SPAWN] = { "pidfd_spawn", -1, 0 },
  [M_RAW] = { "clone3 syscall", -1, 1 },
  [M_DISPATCH] = { "clone3_fork dispatch", W_DISPATCH, 1 },
  [M_RELAY] = { "clone3_fork relay", W_RELAY, 1 },
  [M_EMULATE] = { "clone3_fork emulate", W_EMULATE, 1 },
  [M_FORK_RAW] = { "clone3_fork_raw", -1, 1 },
  [M_CB] = { "clone3 VM|VFORK", -1, 0 },
  [M_CB_PIDFD] = { "clone3 VM|VFORK|PIDFD", -1, 0 },
  [M_CB_CGROUP] = { "clone3 VM|VFORK|PIDFD|CGRP", -1, 0 },
  [M_SPAWN] = { "clone3_spawn pidfd", -1, 0 },
  [M_SPAWN_CGROUP] = { "clone3_spawn pidfd+cgroup", -1, 0 },
};

#define NSIZES 3
static const uint64_t sizes[NSIZES] = { 0, 256ULL << 20, 2048ULL << 20 };
static const char *const size_names[NSIZES] = { "0", "256 MiB", "2 GiB" };
#define NTHREADS 2
static const int thread_counts[NTHREADS] = { 1, 4 };

/* Iterations per batch of a fork-type method, and seconds per
   configuration, by size.  The methods that share the address space
   (vfork, the spawns, clone3 with CLONE_VM) cost well under a
   millisecond at every size, and always run batches of MAX_BATCH: more
   samples where they are cheap, and the same batching at every size.  */
static const int batch_iterations[NSIZES] = { 16, 4, 1 };
static const double config_seconds[NSIZES] = { 10, 18, 40 };
#define MIN_ROUNDS 5
#define MAX_ROUNDS 400
#define MAX_BATCH 16

static const char missing_path[] = "/nonexistent/libclone3-bench";
static char *true_argv[] = { (char *) "/bin/true", NULL };
static char *missing_argv[] = { (char *) missing_path, NULL };

static void
die (const char *what)
{
  fprintf (stderr, "clone3-bench: %s: %s\n", what, strerror (errno));
  exit (1);
}

static int
read_full (int fd, void *buf, size_t len)
{
  char *p = buf;
  while (len > 0)
    {
      ssize_t n = read (fd, p, len);
      if (n < 0 && errno == EINTR)
	continue;
      if (n <= 0)
	return -1;
      p += n;
      len -= (size_t) n;
    }
  return 0;
}

static int
write_full (int fd, const void *buf, size_t len)
{
  const char *p = buf;
  while (len > 0)
    {
      ssize_t n = write (fd, p, len);
      if (n < 0 && errno == EINTR)
	continue;
      if (n <= 0)
	return -1;
      p += n;
      len -= (size_t) n;
    }
  return 0;
}

static int64_t
now_ns (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (int64_t) ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* ---------------------------------------------------------------- */
/* The worker.  */

struct command
{
  int32_t method, mode, n;
};

struct ready
{
  int32_t ok;
  char strategy[16];
};

static int cgroup_fd = -1;
typedef int (*pidfd_spawn_fn) (int *, const char *,
			       const posix_spawn_file_actions_t *,
			       const posix_spawnattr_t *,
			       char *const[], char *const[]);
static pidfd_spawn_fn pidfd_spawn_ptr;

/* The body of a fork-type or vfork child.  */
static void __attribute__ ((noreturn))
child_body (int mode)
{
  if (mode == MODE_EXEC)
    {
      execve (true_argv[0], true_argv, environ);
      _exit (127);
    }
  _exit (0);
}

static int
callback_body (void *arg)
{
  if ((intptr_t) arg == MODE_EXEC)
    {
      execve (true_argv[0], true_argv, environ);
      return 127;
    }
  return 0;
}

/* Reap PID and check it ended as EXPECTED; 0 or an errno value.  */
static int
reap (pid_t pid, int expected)
{
  int status;
  while (waitpid (pid, &status, 0) < 0)
    if (errno != EINTR)
      return errno;
  if (!WIFEXITED (status) || WEXITSTATUS (status) != expected)
    return ECHILD;
  return 0;
}

/* Make one child with METHOD in MODE and reap it.  Returns the time in
   nanoseconds, or minus an errno value if the method cannot run here.  */
static int64_t
run_once (int method, int mode)
{
  struct clone_args cl;
  memset (&cl, 0, sizeof cl);
  cl.exit_signal = SIGCHLD;
  int pidfd = -1;
  int err = 0;
  pid_t pid = -1;
  const char *spawn_path = mode == MODE_EXEC ? true_argv[0] : missing_path;
  char **spawn_argv = mode == MODE_EXEC ? true_argv : missing_argv;
  /* A spawn whose execve fails reports ENOENT, and has reaped.  */
  int spawn_expected = mode == MODE_EXEC ? 0 : ENOENT;

  int64_t start = now_ns ();
  switch (method)
    {
    case M_FORK:
      pid = fork ();
      if (pid == 0)
	child_body (mode);
      break;
    case M_VFORK:
      pid = vfork ();
      if (pid == 0)
	child_body (mode);
      break;
    case M_POSIX_SPAWN:
      err = posix_spawn (&pid, spawn_path, NULL, NULL, spawn_argv, environ);
      if (err != spawn_expected)
	return -(err != 0 ? err : EPROTO);
      if (err != 0)
	return now_ns () - start;
      break;
    case M_PIDFD_SPAWN:
      if (pidfd_spawn_ptr == NULL)
	return -ENOSYS;
      err = pidfd_spawn_ptr (&pidfd, spawn_path, NULL, NULL, spawn_argv,
			     environ);
      if (err != spawn_expected)
	return -(err != 0 ? err : EPROTO);
      if (err != 0)
	return now_ns () - start;
      {
	siginfo_t si;
	while (waitid (P_PIDFD, pidfd, &si, WEXITED) < 0)
	  if (errno != EINTR)
	    return -errno;
	close (pidfd);
	if (si.si_code != CLD_EXITED || si.si_status != 0)
	  return -ECHILD;
      }
      return now_ns () - start;
    case M_RAW:
      pid = syscall (SYS_clone3, &cl, sizeof cl);
      if (pid == 0)
	child_body (mode);
      break;
    case M_DISPATCH:
    case M_RELAY:
    case M_EMULATE:
      pid = clone3_fork (&cl, sizeof cl);
      if (pid == 0)
	child_body (mode);
      break;
    case M_FORK_RAW:
      pid = clone3_fork_raw (&cl, sizeof cl);
      if (pid == 0)
	child_body (mode);
      break;
    case M_CB_CGROUP:
      if (cgroup_fd < 0)
	return -ENOENT;
      cl.flags |= CLONE_INTO_CGROUP;
      cl.cgroup = (unsigned int) cgroup_fd;
      /* Fall through.  */
    case M_CB_PIDFD:
      cl.flags |= CLONE_PIDFD;
      cl.pidfd = (uintptr_t) &pidfd;
      /* Fall through.  */
    case M_CB:
      cl.flags |= CLONE_VM | CLONE_VFORK;
      pid = clone3 (&cl, sizeof cl, callback_body, (void *) (intptr_t) mode);
      break;
    case M_SPAWN_CGROUP:
      if (cgroup_fd < 0)
	return -ENOENT;
      /* Fall through.  */
    case M_SPAWN:
      pid = clone3_spawn (spawn_path, spawn_argv, environ, &pidfd,
			  method == M_SPAWN_CGROUP ? cgroup_fd : -1);
      err = pid < 0 ? errno : 0;
      if (err != spawn_expected)
	return -(err != 0 ? err : EPROTO);
      if (err != 0)
	return now_ns () - start;
      break;
    }
  if (pid < 0)
    return -errno;
  err = reap (pid, 0);
  if (pidfd >= 0)
    close (pidfd);
  if (err != 0)
    return -err;
  return now_ns () - start;
}

static void *
idle_thread (void *arg)
{
  (void) arg;
  for (;;)
    pause ();
  return NULL;
}

static int
worker_main (int argc, char **argv)
{
  if (argc != 5)
    return 2;
  uint64_t size = strtoull (argv[2], NULL, 10);
  int threads = atoi (argv[3]);
  const char *cgroup = argv[4];
  int sock = 3;

  if (strcmp (cgroup, "-") != 0)
    cgroup_fd = open (cgroup, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  pidfd_spawn_ptr = (pidfd_spawn_fn) dlsym (RTLD_DEFAULT, "pidfd_spawn");

  if (size > 0)
    {
      char *mem = mmap (NULL, size, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (mem == MAP_FAILED)
	die ("mmap");
      madvise (mem, size, MADV_NOHUGEPAGE);
      long page = sysconf (_SC_PAGESIZE);
      for (uint64_t off = 0; off < size; off += (uint64_t) page)
	mem[off] = 1;
    }
  for (int i = 1; i < threads; ++i)
    {
      pthread_t t;
      if (pthread_create (&t, NULL, idle_thread, NULL) != 0)
	die ("pthread_create");
    }

  struct ready r;
  memset (&r, 0, sizeof r);
  r.ok = 1;
  snprintf (r.strategy, sizeof r.strategy, "%s", clone3_fork_strategy ());
  if (write_full (sock, &r, sizeof r) != 0)
    return 1;

  for (;;)
    {
      struct command c;
      if (read_full (sock, &c, sizeof c) != 0)
	_exit (0);		/* The main process is done with us.  */
      int64_t samples[MAX_BATCH];
      int n = c.n < MAX_BATCH ? c.n : MAX_BATCH;
      for (int i = 0; i < n; ++i)
	{
	  samples[i] = run_once (c.method, c.mode);
	  if (samples[i] < 0)
	    {
	      n = i + 1;
	      break;
	    }
	}
      int32_t count = n;
      if (write_full (sock, &count, sizeof count) != 0
	  || write_full (sock, samples, sizeof samples[0] * n) != 0)
	_exit (1);
    }
}

/* ---------------------------------------------------------------- */
/* The main process.  */

struct series
{
  int64_t *v;
  size_t n, cap;
  int err;			/* Why the method cannot run, or 0.  */
};

/* Results: [threads][size][mode][method].  */
static struct series results[NTHREADS][NSIZES][NMODES][NMETHODS];
static char strategies[NTHREADS][NSIZES][NWORKERS][16];

static void
series_add (struct series *s, int64_t x)
{
  if (s->n == s->cap)
    {
      s->cap = s->cap ? 2 * s->cap : 64;
      s->v = realloc (s->v, s->cap * sizeof *s->v);
      if (s->v == NULL)
	die ("realloc");
    }
  s->v[s->n++] = x;
}

static int
cmp_i64 (const void *a, const void *b)
{
  int64_t x = *(const int64_t *) a, y = *(const int64_t *) b;
  return (x > y) - (x < y);
}

/* Median and 90th percentile (nearest rank), in nanoseconds; NAN when
   there are no samples.  */
static void
stats (struct series *s, double *median, double *p90)
{
  if (s->err != 0 || s->n == 0)
    {
      *median = *p90 = NAN;
      return;
    }
  qsort (s->v, s->n, sizeof *s->v, cmp_i64);
  size_t n = s->n;
  *median = n % 2 ? (double) s->v[n / 2]
	    : ((double) s->v[n / 2 - 1] + (double) s->v[n / 2]) / 2;
  size_t rank = (size_t) ceil (0.9 * (double) n);
  *p90 = (double) s->v[rank > 0 ? rank - 1 : 0];
}

struct worker
{
  pid_t pid;
  int sock;
};

static char self_exe[4096];

static void
start_worker (struct worker *w, int strategy, uint64_t size, int threads,
	      const char *cgroup)
{
  int sv[2];
  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
    die ("socketpair");
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init (&fa);
  posix_spawn_file_actions_adddup2 (&fa, sv[1], 3);

  size_t nenv = 0;
  while (environ[nenv] != NULL)
    ++nenv;
  char **env = calloc (nenv + 2, sizeof *env);
  size_t j = 0;
  for (size_t i = 0; i < nenv; ++i)
    if (strncmp (environ[i], "CLONE3_FORK_STRATEGY=", 21) != 0)
      env[j++] = environ[i];
  char var[64];
  snprintf (var, sizeof var, "CLONE3_FORK_STRATEGY=%s",
	    worker_strategy[strategy]);
  env[j++] = var;
  env[j] = NULL;

  char size_arg[32], threads_arg[16];
  snprintf (size_arg, sizeof size_arg, "%llu", (unsigned long long) size);
  snprintf (threads_arg, sizeof threads_arg, "%d", threads);
  char *argv[] = { self_exe, (char *) "--worker", size_arg, threads_arg,
		   (char *) cgroup, NULL };
  int err = posix_spawn (&w->pid, self_exe, &fa, NULL, argv, env);
  if (err != 0)
    {
      errno = err;
      die ("posix_spawn of a worker");
    }
  posix_spawn_file_actions_destroy (&fa);
  free (env);
  close (sv[1]);
  w->sock = sv[0];
}

/* Where the cgroup2 hierarchy is mounted, from /proc/self/mountinfo,
   and the directory of our own cgroup in it if it is visible there;
   then a fresh leaf for the CLONE_INTO_CGROUP measurements.  */
static int
make_cgroup_leaf (char *leaf, size_t len)
{
  FILE *f = fopen ("/proc/self/mountinfo", "r");
  if (f == NULL)
    return -1;
  char line[4096], mount[1024] = "", root[1024] = "";
  while (fgets (line, sizeof line, f) != NULL)
    if (strstr (line, " - cgroup2 ") != NULL
	&& sscanf (line, "%*s %*s %*s %1023s %1023s", root, mount) == 2)
      break;
    else
      mount[0] = '\0';
  fclose (f);
  if (mount[0] == '\0')
    return -1;

  char own[1024] = "";
  f = fopen ("/proc/self/cgroup", "r");
  if (f != NULL)
    {
      while (fgets (line, sizeof line, f) != NULL)
	if (strncmp (line, "0::", 3) == 0)
	  {
	    snprintf (own, sizeof own, "%s", line + 3);
	    own[strcspn (own, "\n")] = '\0';
	  }
      fclose (f);
    }
  size_t rl = strcmp (root, "/") == 0 ? 0 : strlen (root);
  const char *rel = "";
  if (own[0] == '/' && strncmp (own, root, rl) == 0
      && (own[rl] == '/' || own[rl] == '\0'))
    rel = own + rl;
  if (strcmp (rel, "/") == 0)
    rel = "";
  const char *bases[] = { rel, "" };
  for (int i = 0; i < 2; ++i)
    {
      snprintf (leaf, len, "%s%s/libclone3-bench-%d", mount, bases[i],
		(int) getpid ());
      if (mkdir (leaf, 0755) == 0)
	return 0;
    }
  return -1;
}

static double
ratio (double a, double b)
{
  return isnan (a) || isnan (b) || b == 0 ? NAN : a / b;
}

static void
fmt_us (char *buf, size_t len, double ns)
{
  if (isnan (ns))
    snprintf (buf, len, "n/a");
  else
    snprintf (buf, len, "%.1f", ns / 1000);
}

static void
fmt_ratio (char *buf, size_t len, double r)
{
  if (isnan (r))
    snprintf (buf, len, "-");
  else
    snprintf (buf, len, "%.2f", r);
}

static void
run_config (int ti, int si, const char *cgroup, double scale)
{
  int threads = thread_counts[ti];
  uint64_t size = sizes[si];
  struct worker w[NWORKERS];
  int64_t t0 = now_ns ();
  for (int i = 0; i < NWORKERS; ++i)
    start_worker (&w[i], i, size, threads, cgroup);
  for (int i = 0; i < NWORKERS; ++i)
    {
      struct ready r;
      if (read_full (w[i].sock, &r, sizeof r) != 0 || !r.ok)
	{
	  fprintf (stderr, "clone3-bench: a worker failed to start\n");
	  exit (1);
	}
      r.strategy[sizeof r.strategy - 1] = '\0';
      memcpy (strategies[ti][si][i], r.strategy, sizeof r.strategy);
    }
  int64_t ready_ns = now_ns ();

  int npairs = NMETHODS * NMODES;
  int batch = batch_iterations[si];
  double budget = config_seconds[si] * scale * 1e9;
  int round = 0;
  while (round < MAX_ROUNDS
	 && (round < MIN_ROUNDS || (double) (now_ns () - ready_ns) < budget))
    {
      for (int k = 0; k < npairs; ++k)
	{
	  int pair = (k + round) % npairs;
	  int method = pair / NMODES, mode = pair % NMODES;
	  struct series *s = &results[ti][si][mode][method];
	  if (s->err != 0)
	    continue;
	  int wi = methods[method].worker >= 0 ? methods[method].worker
		   : round % NWORKERS;
	  struct command c = { method, mode,
			       methods[method].copies ? batch : MAX_BATCH };
	  int32_t count;
	  int64_t samples[MAX_BATCH];
	  if (write_full (w[wi].sock, &c, sizeof c) != 0
	      || read_full (w[wi].sock, &count, sizeof count) != 0
	      || count < 0 || count > MAX_BATCH
	      || read_full (w[wi].sock, samples,
			    sizeof samples[0] * count) != 0)
	    {
	      fprintf (stderr, "clone3-bench: lost a worker\n");
	      exit (1);
	    }
	  for (int i = 0; i < count; ++i)
	    if (samples[i] < 0)
	      s->err = (int) -samples[i];
	    else
	      series_add (s, samples[i]);
	  if (s->err != 0)
	    s->n = 0;
	}
      ++round;
    }

  for (int i = 0; i < NWORKERS; ++i)
    {
      close (w[i].sock);
      waitpid (w[i].pid, NULL, 0);
    }
  fprintf (stderr, "clone3-bench: %s, %d thread%s: %d rounds of %d, "
	   "%.1f s (%.1f s to set up)\n", size_names[si], threads,
	   threads > 1 ? "s" : "", round, batch,
	   (double) (now_ns () - t0) / 1e9,
	   (double) (ready_ns - t0) / 1e9);
}

static void
print_config (int ti, int si)
{
  printf ("\n== parent of %s touched memory, %d thread%s "
	  "(workers' strategies: %s, %s, %s) ==\n",
	  size_names[si], thread_counts[ti], thread_counts[ti] > 1 ? "s" : "",
	  strategies[ti][si][0], strategies[ti][si][1],
	  strategies[ti][si][2]);
  for (int mode = 0; mode < NMODES; ++mode)
    {
      double fm, fp, rm, rp;
      stats (&results[ti][si][mode][M_FORK], &fm, &fp);
      stats (&results[ti][si][mode][M_RAW], &rm, &rp);
      printf ("%-29s %6s %9s %9s %7s %7s %7s %7s\n", mode_titles[mode],
	      "n", "median us", "p90 us", "med/fork", "p90/fork", "med/raw",
	      "p90/raw");
      for (int m = 0; m < NMETHODS; ++m)
	{
	  struct series *s = &results[ti][si][mode][m];
	  double med, p90;
	  stats (s, &med, &p90);
	  char a[32], b[32], c[32], d[32], e[32], f[32];
	  fmt_us (a, sizeof a, med);
	  fmt_us (b, sizeof b, p90);
	  fmt_ratio (c, sizeof c, ratio (med, fm));
	  fmt_ratio (d, sizeof d, ratio (p90, fp));
	  fmt_ratio (e, sizeof e, ratio (med, rm));
	  fmt_ratio (f, sizeof f, ratio (p90, rp));
	  if (s->err != 0)
	    snprintf (b, sizeof b, "(%s)", strerrorname_np (s->err)
		      ? strerrorname_np (s->err) : "error");
	  printf ("  %-27s %6zu %9s %9s %8s %8s %7s %7s\n", methods[m].name,
		  s->n, a, b, c, d, e, f);
	}
    }
}

static void
write_csv (const char *path)
{
  FILE *f = fopen (path, "w");
  if (f == NULL)
    die (path);
  fprintf (f, "threads,parent_bytes,mode,method,strategy,samples,"
	   "median_ns,p90_ns,median_vs_fork,p90_vs_fork,median_vs_raw,"
	   "p90_vs_raw\n");
  for (int ti = 0; ti < NTHREADS; ++ti)
    for (int si = 0; si < NSIZES; ++si)
      for (int mode = 0; mode < NMODES; ++mode)
	{
	  double fm, fp, rm, rp;
	  stats (&results[ti][si][mode][M_FORK], &fm, &fp);
	  stats (&results[ti][si][mode][M_RAW], &rm, &rp);
	  for (int m = 0; m < NMETHODS; ++m)
	    {
	      double med, p90;
	      stats (&results[ti][si][mode][m], &med, &p90);
	      const char *strategy = methods[m].worker >= 0
		? strategies[ti][si][methods[m].worker] : "";
	      fprintf (f, "%d,%llu,%s,%s,%s,%zu", thread_counts[ti],
		       (unsigned long long) sizes[si], mode_names[mode],
		       methods[m].name, strategy,
		       results[ti][si][mode][m].n);
	      double v[6] = { med, p90, ratio (med, fm), ratio (p90, fp),
			      ratio (med, rm), ratio (p90, rp) };
	      for (int i = 0; i < 6; ++i)
		if (isnan (v[i]))
		  fprintf (f, ",");
		else
		  fprintf (f, i < 2 ? ",%.0f" : ",%.4f", v[i]);
	      fprintf (f, "\n");
	    }
	}
  if (fclose (f) != 0)
    die (path);
  printf ("\nCSV: %s\n", path);
}

/* A gnuplot script with the data inline, next to the PNG; then run it.  */
static void
write_plot (const char *png)
{
  char gp[4096];
  snprintf (gp, sizeof gp, "%.*s.gp",
	    (int) (strlen (png) > 4 && strcmp (png + strlen (png) - 4, ".png")
		   == 0 ? strlen (png) - 4 : strlen (png)), png);
  FILE *f = fopen (gp, "w");
  if (f == NULL)
    die (gp);
  fprintf (f, "# Written by clone3-bench: median cost against the parent's "
	   "size.\n");
  /* Only the methods with figures: gnuplot stops at a column without.  */
  int shown[NMETHODS], nshown = 0;
  for (int m = 0; m < NMETHODS; ++m)
    {
      int any = 0;
      for (int ti = 0; ti < NTHREADS; ++ti)
	for (int si = 0; si < NSIZES; ++si)
	  for (int mode = 0; mode < NMODES; ++mode)
	    any |= results[ti][si][mode][m].n > 0;
      if (any)
	shown[nshown++] = m;
    }
  for (int mode = 0; mode < NMODES; ++mode)
    for (int ti = 0; ti < NTHREADS; ++ti)
      {
	fprintf (f, "$%s%d << EOD\nx size", mode_names[mode],
		 thread_counts[ti]);
	for (int i = 0; i < nshown; ++i)
	  fprintf (f, " \"%s\"", methods[shown[i]].name);
	fprintf (f, "\n");
	for (int si = 0; si < NSIZES; ++si)
	  {
	    fprintf (f, "%d \"%s\"", si, size_names[si]);
	    for (int i = 0; i < nshown; ++i)
	      {
		double med, p90;
		stats (&results[ti][si][mode][shown[i]], &med, &p90);
		if (isnan (med))
		  fprintf (f, " NaN");
		else
		  fprintf (f, " %.2f", med / 1000);
	      }
	    fprintf (f, "\n");
	  }
	fprintf (f, "EOD\n");
      }
  fprintf (f,
	   "set terminal pngcairo noenhanced size 1500,1100 font 'sans,10'\n"
	   "set format y '%%g'\n"
	   "set output '%s'\n"
	   "set datafile missing NaN\n"
	   "set logscale y\n"
	   "set grid ytics mytics xtics\n"
	   "set xrange [-0.2:2.2]\n"
	   "set ylabel 'median microseconds per child (log)'\n"
	   "set xlabel \"parent's touched memory\"\n"
	   "set key autotitle columnheader\n"
	   "do for [i=1:16] { set linetype i lw 2 ps 1.3 pt i }\n"
	   "set linetype 1 lc rgb 'black'\n"
	   "set linetype 2 lc rgb '#888888'\n"
	   "set linetype 3 lc rgb '#1f77b4'\n"
	   "set linetype 4 lc rgb '#aec7e8'\n"
	   "set linetype 5 lc rgb '#d62728'\n"
	   "set linetype 6 lc rgb '#2ca02c'\n"
	   "set linetype 7 lc rgb '#ff7f0e'\n"
	   "set linetype 8 lc rgb '#9467bd'\n"
	   "set linetype 9 lc rgb '#8c564b'\n"
	   "set linetype 10 lc rgb '#e377c2'\n"
	   "set linetype 11 lc rgb '#7f7f7f'\n"
	   "set linetype 12 lc rgb '#bcbd22'\n"
	   "set linetype 13 lc rgb '#17becf'\n"
	   "set linetype 14 lc rgb '#393b79'\n"
	   "set multiplot layout 2,2 title 'libclone3: creating a child, "
	   "creation to reaping'\n", png);
  for (int mode = 0; mode < NMODES; ++mode)
    for (int ti = 0; ti < NTHREADS; ++ti)
      {
	fprintf (f, "set title '%s, %d-thread parent'\n", mode_titles[mode],
		 thread_counts[ti]);
	if (mode == 0 && ti == NTHREADS - 1)
	  fprintf (f, "set key outside right top\n");
	else
	  fprintf (f, "unset key\n");
	fprintf (f, "plot");
	for (int i = 0; i < nshown; ++i)
	  fprintf (f, "%s $%s%d using 1:%d:xtic(2) with linespoints lt %d",
		   i ? "," : "", mode_names[mode], thread_counts[ti], i + 3,
		   shown[i] + 1);
	fprintf (f, "\n");
      }
  fprintf (f, "unset multiplot\n");
  if (fclose (f) != 0)
    die (gp);

  pid_t pid;
  char *argv[] = { (char *) "gnuplot", gp, NULL };
  int err = posix_spawnp (&pid, "gnuplot", NULL, NULL, argv, environ);
  int status = 1;
  if (err == 0)
    waitpid (pid, &status, 0);
  if (err != 0 || !WIFEXITED (status) || WEXITSTATUS (status) != 0)
    printf ("PNG: not written (gnuplot %s; on Debian: "
	    "apt-get install -y gnuplot-nox); script: %s\n",
	    err != 0 ? "not found" : "failed", gp);
  else
    printf ("PNG: %s (gnuplot script: %s)\n", png, gp);
}

/* The targets, as ratios of medians.  */
struct target
{
  const char *name;
  int num, den;			/* Methods compared.  */
  double limit;
};

static const struct target targets[] = {
  { "clone3_fork dispatch / fork", M_DISPATCH, M_FORK, 1.10 },
  { "clone3_fork emulate / clone3 syscall", M_EMULATE, M_RAW, 1.05 },
  { "clone3_fork relay / fork", M_RELAY, M_FORK, 2.5 },
  { "clone3_spawn / posix_spawn", M_SPAWN, M_POSIX_SPAWN, 1.05 },
  { "clone3 VM|VFORK / vfork", M_CB, M_VFORK, 1.10 },
};

static void
verdict (const char *name, double limit, double *cells, int ncells,
	 const char *const *labels, int *misses)
{
  double logsum = 0, worst = 0;
  int n = 0;
  for (int i = 0; i < ncells; ++i)
    if (!isnan (cells[i]))
      {
	logsum += log (cells[i]);
	worst = cells[i] > worst ? cells[i] : worst;
	++n;
      }
  double gm = n ? exp (logsum / n) : NAN;
  int pass = n > 0 && gm <= limit;
  printf ("%-37s <= %.2f  %-4s", name, limit, pass ? "PASS" : "MISS");
  if (n)
    printf ("  geomean %.3f, worst %.3f\n", gm, worst);
  else
    printf ("  (no figures)\n");
  printf ("   ");
  for (int i = 0; i < ncells; ++i)
    {
      if (isnan (cells[i]))
	printf (" %s -", labels[i]);
      else
	printf (" %s %.2f%s", labels[i], cells[i],
		cells[i] > limit ? "*" : "");
    }
  printf ("\n");
  *misses += !pass;
}

static int
print_targets (void)
{
  printf ("\nTargets (ratios of medians; the verdict is on the geometric "
	  "mean of the cells\nbelow, each cell one configuration: e=exit "
	  "x=exec, 1t/4t threads, size; * over the limit)\n");
  int misses = 0;
  double cells[NTHREADS * NSIZES * NMODES];
  char labelbuf[NTHREADS * NSIZES * NMODES][24];
  const char *labels[NTHREADS * NSIZES * NMODES];
  for (size_t t = 0; t < sizeof targets / sizeof targets[0]; ++t)
    {
      int c = 0;
      for (int mode = 0; mode < NMODES; ++mode)
	for (int ti = 0; ti < NTHREADS; ++ti)
	  for (int si = 0; si < NSIZES; ++si)
	    {
	      double a, b, p;
	      stats (&results[ti][si][mode][targets[t].num], &a, &p);
	      stats (&results[ti][si][mode][targets[t].den], &b, &p);
	      cells[c] = ratio (a, b);
	      snprintf (labelbuf[c], sizeof labelbuf[c], "%c%dt/%s:",
			mode == MODE_EXIT ? 'e' : 'x', thread_counts[ti],
			si == 0 ? "0" : si == 1 ? "256M" : "2G");
	      labels[c] = labelbuf[c];
	      ++c;
	    }
      verdict (targets[t].name, targets[t].limit, cells, c, labels, &misses);
    }
  /* The spawn path is flat: 2 GiB against empty, exec mode.  */
  int c = 0;
  for (int mode = 0; mode < NMODES; ++mode)
    for (int ti = 0; ti < NTHREADS; ++ti)
      {
	double a, b, p;
	stats (&results[ti][NSIZES - 1][mode][M_SPAWN], &a, &p);
	stats (&results[ti][0][mode][M_SPAWN], &b, &p);
	cells[c] = ratio (a, b);
	snprintf (labelbuf[c], sizeof labelbuf[c], "%c%dt:",
		  mode == MODE_EXIT ? 'e' : 'x', thread_counts[ti]);
	labels[c] = labelbuf[c];
	++c;
      }
  verdict ("clone3_spawn 2 GiB / empty parent", 1.3, cells, c, labels,
	   &misses);
  if (misses)
    printf ("%d target%s MISSED (informational: the figures are noisy on a "
	    "shared machine)\n", misses, misses > 1 ? "s" : "");
  else
    printf ("all targets met\n");
  return misses;
}

int
main (int argc, char **argv)
{
  if (argc > 1 && strcmp (argv[1], "--worker") == 0)
    return worker_main (argc, argv);

  const char *csv = "clone3-bench.csv";
  const char *png = "clone3-bench.png";
  double scale = 1;
  for (int i = 1; i < argc; ++i)
    if (strcmp (argv[i], "--csv") == 0 && i + 1 < argc)
      csv = argv[++i];
    else if (strcmp (argv[i], "--plot") == 0 && i + 1 < argc)
      png = argv[++i];
    else if (strcmp (argv[i], "--time") == 0 && i + 1 < argc)
      scale = atof (argv[++i]);
    else
      {
	fprintf (stderr, "usage: %s [--csv FILE] [--plot FILE.png] "
		 "[--time SCALE]\n", argv[0]);
	return 2;
      }

  ssize_t len = readlink ("/proc/self/exe", self_exe, sizeof self_exe - 1);
  if (len < 0)
    die ("/proc/self/exe");
  self_exe[len] = '\0';

  char leaf[4096];
  int have_cgroup = make_cgroup_leaf (leaf, sizeof leaf) == 0;
  struct utsname u;
  uname (&u);
  printf ("clone3-bench: glibc %s, Linux %s %s, %ld CPUs; pidfd_spawn: %s; "
	  "cgroup leaf: %s\n", gnu_get_libc_version (), u.release, u.machine,
	  sysconf (_SC_NPROCESSORS_ONLN),
	  dlsym (RTLD_DEFAULT, "pidfd_spawn") ? "yes" : "n/a (glibc < 2.39)",
	  have_cgroup ? leaf : "none (no writable cgroup2)");
  printf ("Each figure: one child, from the call to its reaping; median "
	  "and 90th percentile\nof all samples, in microseconds, and as "
	  "ratios to fork () and to the raw clone3\nsystem call of the "
	  "same configuration.\n");
  fflush (stdout);

  for (int si = 0; si < NSIZES; ++si)
    for (int ti = 0; ti < NTHREADS; ++ti)
      run_config (ti, si, have_cgroup ? leaf : "-", scale);

  if (have_cgroup)
    for (int i = 0; i < 50 && rmdir (leaf) != 0 && errno == EBUSY; ++i)
      usleep (20000);

  for (int ti = 0; ti < NTHREADS; ++ti)
    for (int si = 0; si < NSIZES; ++si)
      print_config (ti, si);
  print_targets ();
  write_csv (csv);
  write_plot (png);
  return 0;
}
