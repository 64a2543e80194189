/* Test harness for the libclone3 test suite.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.

   A test includes this header and defines "static int do_test (void)",
   which the header's main calls.  do_test returns 0 for PASS; FAIL_EXIT and
   the CHECK macros end the test with status 1, UNSUPPORTED with 77.

   Built with -DCLONE3_TEST_FORK_STRATEGY=NAME the test runs with
   CLONE3_FORK_STRATEGY=NAME in its environment (it executes itself again
   to get it, since the library reads the variable when it is loaded),
   and is UNSUPPORTED where that strategy cannot run, and always when
   built against a patched glibc, which has no strategies.

   Built with -DCLONE3_TEST_ENOSYS=1 the test first installs a seccomp
   filter that makes clone3 fail with ENOSYS, as old kernels, container
   profiles and qemu-user do, so the same assertions exercise the legacy
   clone fallback; clone3_test_enosys tells a test which path it is on.

   The same two variants can be chosen when the program is run instead,
   with LIBCLONE3_TEST_FORK_STRATEGY=NAME and LIBCLONE3_TEST_ENOSYS=1 in
   its environment: the cross-architecture boards build each test once
   and run it as every variant (testsuite/lib/libclone3-cross.exp).  A
   build-time choice wins over the environment.  */

#ifndef CLONE3_TEST_H
#define CLONE3_TEST_H 1

#ifndef _GNU_SOURCE
# define _GNU_SOURCE 1
#endif

#include <clone3.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef CLONE3_TEST_ENOSYS
# define CLONE3_TEST_ENOSYS 0
#endif
#ifndef SYS_clone3
# define SYS_clone3 435
#endif
/* Seconds before a hung test kills itself (DejaGnu's own limit is a
   backstop).  */
#ifndef CLONE3_TEST_TIMEOUT
# define CLONE3_TEST_TIMEOUT 60
#endif

/* Whether this run has clone3 answering ENOSYS (set by main).  */
static int clone3_test_enosys;

static __attribute__ ((unused)) void
__attribute__ ((noreturn, format (printf, 3, 4)))
test_exit (int status, const char *where, const char *fmt, ...)
{
  va_list ap;
  fflush (stdout);
  fprintf (stderr, "%s: %s", where,
	   status == 77 ? "UNSUPPORTED: " : "FAIL: ");
  va_start (ap, fmt);
  vfprintf (stderr, fmt, ap);
  va_end (ap);
  fputc ('\n', stderr);
  exit (status);
}

#define TEST_STR2(x) #x
#define TEST_STR(x) TEST_STR2 (x)
#define TEST_WHERE __FILE__ ":" TEST_STR (__LINE__)

/* End the test as failed.  */
#define FAIL_EXIT(...) test_exit (1, TEST_WHERE, __VA_ARGS__)
/* End the test as unsupported: say which precondition is missing.  */
#define UNSUPPORTED(...) test_exit (77, TEST_WHERE, __VA_ARGS__)

#define CHECK(expr)							\
  do									\
    if (!(expr))							\
      FAIL_EXIT ("%s (errno %d: %s)", #expr, errno, strerror (errno));	\
  while (0)

#define CHECK_EQ(a, b)							\
  do									\
    {									\
      long long check_a_ = (long long) (a);				\
      long long check_b_ = (long long) (b);				\
      if (check_a_ != check_b_)						\
	FAIL_EXIT ("%s == %lld, expected %s == %lld", #a, check_a_,	\
		   #b, check_b_);					\
    }									\
  while (0)

/* CALL must fail with -1 and errno ERR.  */
#define CHECK_ERRNO(call, err)						\
  do									\
    {									\
      errno = 0;							\
      long check_r_ = (long) (call);					\
      int check_e_ = errno;						\
      if (check_r_ != -1 || check_e_ != (err))				\
	FAIL_EXIT ("%s returned %ld, errno %d (%s); expected -1, %s",	\
		   #call, check_r_, check_e_, strerror (check_e_), #err); \
    }									\
  while (0)

/* Wait for PID (whatever its exit signal) and return its wait status.  */
static __attribute__ ((unused)) int
test_wait (pid_t pid)
{
  int status;
  pid_t r;
  do
    r = waitpid (pid, &status, __WALL);
  while (r < 0 && errno == EINTR);
  if (r != pid)
    FAIL_EXIT ("waitpid (%d): %s", (int) pid, strerror (errno));
  return status;
}

/* Wait for PID and return its exit status; fail if it did not exit
   normally.  */
static __attribute__ ((unused)) int
test_wait_exit (pid_t pid)
{
  int status = test_wait (pid);
  if (!WIFEXITED (status))
    FAIL_EXIT ("child %d did not exit: status %#x", (int) pid, status);
  return WEXITSTATUS (status);
}

/* Wait for PID and return the signal that killed it, or fail.  */
static __attribute__ ((unused)) int
test_wait_signal (pid_t pid)
{
  int status = test_wait (pid);
  if (!WIFSIGNALED (status))
    FAIL_EXIT ("child %d was not killed: status %#x", (int) pid, status);
  return WTERMSIG (status);
}

/* A zeroed argument block with EXIT_SIGNAL and FLAGS.  */
static __attribute__ ((unused)) struct clone_args
test_args (unsigned long long flags, unsigned long long exit_signal)
{
  struct clone_args a;
  memset (&a, 0, sizeof a);
  a.flags = flags;
  a.exit_signal = exit_signal;
  return a;
}

/* The three functions under test, for tests that loop over them.  */
enum test_which { TEST_CLONE3, TEST_FORK, TEST_FORK_RAW };
static __attribute__ ((unused)) const char *const test_names[]
  = { "clone3", "clone3_fork", "clone3_fork_raw" };

/* Make a child through W with *A that runs BODY (ARG) and exits with its
   result; returns as the function does.  */
static __attribute__ ((unused)) pid_t
test_spawn (enum test_which w, struct clone_args *a, int (*body) (void *),
	    void *arg)
{
  pid_t r;
  if (w == TEST_CLONE3)
    return clone3 (a, sizeof *a, body, arg);
  r = (w == TEST_FORK ? clone3_fork (a, sizeof *a)
       : clone3_fork_raw (a, sizeof *a));
  if (r == 0)
    _exit (body (arg));
  return r;
}

/* The number of open file descriptors, for leak checks.  */
static __attribute__ ((unused)) int
test_count_fds (void)
{
  DIR *d = opendir ("/proc/self/fd");
  if (d == NULL)
    FAIL_EXIT ("opendir /proc/self/fd: %s", strerror (errno));
  int n = 0;
  struct dirent *e;
  while ((e = readdir (d)) != NULL)
    if (e->d_name[0] != '.')
      ++n;
  closedir (d);
  return n - 1;			/* The directory's own descriptor.  */
}

/* Whether the process has CAP_SYS_ADMIN (root in the initial user
   namespace, as these tests run).  */
static __attribute__ ((unused)) int
test_privileged (void)
{
  return geteuid () == 0;
}

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

/* Counting pthread_atfork handlers: test_atfork_counts[0], [1] and [2]
   count the prepare, parent and child calls, in memory that a child
   shares (test_atfork_count_init maps it and zeroes it).  */
static int *test_atfork_counts;

static __attribute__ ((unused)) void
test_count_prepare (void)
{
  __atomic_add_fetch (&test_atfork_counts[0], 1, __ATOMIC_SEQ_CST);
}

static __attribute__ ((unused)) void
test_count_parent (void)
{
  __atomic_add_fetch (&test_atfork_counts[1], 1, __ATOMIC_SEQ_CST);
}

static __attribute__ ((unused)) void
test_count_child (void)
{
  __atomic_add_fetch (&test_atfork_counts[2], 1, __ATOMIC_SEQ_CST);
}

static __attribute__ ((unused)) void
test_atfork_count_init (void)
{
  if (test_atfork_counts == NULL)
    {
      void *p = mmap (NULL, 3 * sizeof (int), PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
      if (p == MAP_FAILED)
	FAIL_EXIT ("mmap: %s", strerror (errno));
      test_atfork_counts = (int *) p;
    }
  test_atfork_counts[0] = test_atfork_counts[1] = test_atfork_counts[2] = 0;
}

/* The counts must be P, A and C.  */
static __attribute__ ((unused)) void
test_expect_atfork_counts (const char *what, int p, int a, int c)
{
  const int *n = test_atfork_counts;
  if (n[0] != p || n[1] != a || n[2] != c)
    FAIL_EXIT ("%s: handler calls %d/%d/%d (prepare/parent/child), "
	       "expected %d/%d/%d", what, n[0], n[1], n[2], p, a, c);
}

/* Install the seccomp filter of the N instructions at FILTER for this
   process and its children (UNSUPPORTED where there are none).  */
static __attribute__ ((unused)) void
test_install_filter (struct sock_filter *filter, size_t n)
{
  struct sock_fprog prog = { (unsigned short) n, filter };
  if (prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
    UNSUPPORTED ("PR_SET_NO_NEW_PRIVS: %s", strerror (errno));
  if (syscall (SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) != 0)
    UNSUPPORTED ("no seccomp filters: %s", strerror (errno));
}

/* A call into a module that has been unloaded (SIGSEGV or SIGBUS) ends
   the test with status 3 and says so (the dlclose tests).  */
static __attribute__ ((unused)) void
test_on_unloaded_call (int sig)
{
  static const char msg[] = "crashed: a handler of the unloaded module "
    "was called\n";
  (void) sig;
  if (write (STDERR_FILENO, msg, sizeof msg - 1) < 0)
    _exit (3);
  _exit (3);
}

static __attribute__ ((unused)) void
test_catch_unloaded_calls (void)
{
  struct sigaction sa;
  memset (&sa, 0, sizeof sa);
  sa.sa_handler = test_on_unloaded_call;
  if (sigaction (SIGSEGV, &sa, NULL) != 0 || sigaction (SIGBUS, &sa, NULL) != 0)
    FAIL_EXIT ("sigaction: %s", strerror (errno));
}

/* The seccomp architecture value of this target's system calls.  */
#if defined __x86_64__
# define TEST_AUDIT_ARCH AUDIT_ARCH_X86_64
#elif defined __i386__
# define TEST_AUDIT_ARCH AUDIT_ARCH_I386
#elif defined __aarch64__
# define TEST_AUDIT_ARCH AUDIT_ARCH_AARCH64
#elif defined __arm__
# define TEST_AUDIT_ARCH AUDIT_ARCH_ARM
#elif defined __riscv && __riscv_xlen == 64
# define TEST_AUDIT_ARCH AUDIT_ARCH_RISCV64
#elif defined __powerpc64__ && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
# define TEST_AUDIT_ARCH AUDIT_ARCH_PPC64LE
#elif defined __s390x__
# define TEST_AUDIT_ARCH AUDIT_ARCH_S390X
#elif defined __mips__ && __mips == 64 && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
# define TEST_AUDIT_ARCH AUDIT_ARCH_MIPSEL64
#elif defined __loongarch64
# define TEST_AUDIT_ARCH AUDIT_ARCH_LOONGARCH64
#endif
#ifdef TEST_AUDIT_ARCH
/* The first instructions of a seccomp filter for this target's calls:
   another architecture's calls are allowed, and the call's number is
   loaded.  */
# define TEST_FILTER_PROLOGUE \
  BPF_STMT (BPF_LD | BPF_W | BPF_ABS, offsetof (struct seccomp_data, arch)), \
  BPF_JUMP (BPF_JMP | BPF_JEQ | BPF_K, TEST_AUDIT_ARCH, 1, 0), \
  BPF_STMT (BPF_RET | BPF_K, SECCOMP_RET_ALLOW), \
  BPF_STMT (BPF_LD | BPF_W | BPF_ABS, offsetof (struct seccomp_data, nr))
#endif

/* Make clone3 fail with ERR in this process and its children, as a
   seccomp profile does.  */
static __attribute__ ((unused)) void
test_clone3_fails_with (int err)
{
#ifdef TEST_AUDIT_ARCH
  struct sock_filter filter[] = {
    TEST_FILTER_PROLOGUE,
    BPF_JUMP (BPF_JMP | BPF_JEQ | BPF_K, SYS_clone3, 0, 1),
    BPF_STMT (BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (err & SECCOMP_RET_DATA)),
    BPF_STMT (BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
  };
  test_install_filter (filter, sizeof filter / sizeof filter[0]);
  /* Prove it took.  */
  if (syscall (SYS_clone3, NULL, 0) != -1 || errno != err)
    FAIL_EXIT ("the seccomp filter does not make clone3 fail with %s",
	       strerror (err));
#else
  (void) err;
  UNSUPPORTED ("no seccomp architecture value known for this target");
#endif
}

/* clone3 fails with ENOSYS, as on old kernels and under container
   profiles.  */
static __attribute__ ((unused)) void
test_force_enosys (void)
{
  test_clone3_fails_with (ENOSYS);
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

/* A clone3 callback that returns the int ARG points to.  */
static __attribute__ ((unused)) int
test_exit_with (void *arg)
{
  return *(int *) arg;
}

/* Discard the pending (blocked) instances of SIG.  */
static __attribute__ ((unused)) void
test_drain_signal (int sig)
{
  sigset_t set;
  sigemptyset (&set);
  sigaddset (&set, sig);
  struct timespec zero = { 0, 0 };
  while (sigtimedwait (&set, NULL, &zero) == sig)
    ;
}

/* Whether SIG is pending for the calling thread or the process.  */
static __attribute__ ((unused)) int
test_signal_pending (int sig)
{
  sigset_t set;
  CHECK (sigpending (&set) == 0);
  return sigismember (&set, sig);
}

/* The legacy clone system call with FLAGS and no stack or pointers,
   as fork makes a child but without glibc: returns what the system
   call returns.  s390 takes the stack before the flags.  */
static __attribute__ ((unused)) long
test_clone_syscall (unsigned long flags)
{
#ifdef __s390__
  return syscall (SYS_clone, 0L, flags, 0L, 0L, 0L);
#else
  return syscall (SYS_clone, flags, 0L, 0L, 0L, 0L);
#endif
}

/* Whether the kernel itself has clone3 (before any filter).  */
static __attribute__ ((unused)) int
test_kernel_has_clone3 (void)
{
  /* A NULL block of size 0 is refused with EINVAL by a kernel that has
     clone3, before anything else is looked at.  */
  return !(syscall (SYS_clone3, NULL, 0) == -1 && errno == ENOSYS);
}

/* The iterations a stress loop of N iterations runs: N, divided by
   LIBCLONE3_TEST_LOOP_DIVISOR from the environment if that is set.
   Only the qemu-system boards set it (cross/boot.sh): under TCG a fork
   costs some 13 ms, and 10,000 of them would take minutes per run.  A
   test prints the count it ran.  */
static __attribute__ ((unused)) unsigned int
test_loop_count (unsigned int n)
{
  const char *s = getenv ("LIBCLONE3_TEST_LOOP_DIVISOR");
  unsigned int d = s != NULL && atoi (s) > 0 ? (unsigned int) atoi (s) : 1;
  return n / d > 0 ? n / d : 1;
}

/* The strategy of clone3_fork this run forces, or NULL.  */
static __attribute__ ((unused)) const char *
test_forced_strategy (void)
{
#ifdef CLONE3_TEST_FORK_STRATEGY
  return TEST_STR (CLONE3_TEST_FORK_STRATEGY);
#else
  const char *s = getenv ("LIBCLONE3_TEST_FORK_STRATEGY");
  return s != NULL && *s != '\0' ? s : NULL;
#endif
}

static int do_test (void);

int
main (int argc, char **argv)
{
  (void) argc;
  (void) argv;
  setvbuf (stdout, NULL, _IONBF, 0);
  const char *enosys = getenv ("LIBCLONE3_TEST_ENOSYS");
  clone3_test_enosys = (CLONE3_TEST_ENOSYS
			|| (enosys != NULL && strcmp (enosys, "1") == 0));
  const char *want = test_forced_strategy ();
  if (want != NULL)
    {
#ifdef CLONE3_TEST_GLIBC
      /* Built against a patched glibc or musl (testsuite/lib/glibc/clone3.h,
	 testsuite/lib/musl/clone3.h).  */
# ifndef CLONE3_TEST_LIBC
#  define CLONE3_TEST_LIBC "glibc"
# endif
      UNSUPPORTED (CLONE3_TEST_LIBC "'s clone3_fork is its own fork, with no "
		   "%s strategy to force", want);
#else
      const char *have = getenv ("CLONE3_FORK_STRATEGY");
      if (have == NULL || strcmp (have, want) != 0)
	{
	  if (setenv ("CLONE3_FORK_STRATEGY", want, 1) != 0)
	    FAIL_EXIT ("setenv: %s", strerror (errno));
	  execv ("/proc/self/exe", argv);
	  FAIL_EXIT ("executing /proc/self/exe: %s", strerror (errno));
	}
      if (strcmp (clone3_fork_strategy (), "none") == 0)
	UNSUPPORTED ("the %s strategy of clone3_fork cannot run here%s",
		     want, strcmp (want, "dispatch") == 0
		     ? " (no Syscall User Dispatch)" : "");
#endif
    }
  alarm (CLONE3_TEST_TIMEOUT);
  if (clone3_test_enosys)
    {
      /* Where the kernel (or qemu-user) already says ENOSYS there is
	 nothing to force.  */
      if (test_kernel_has_clone3 ())
	test_force_enosys ();
    }
  else if (!test_kernel_has_clone3 ())
    UNSUPPORTED ("the kernel answers clone3 with ENOSYS; the "
		 "CLONE3_TEST_ENOSYS variant tests that path");
  return do_test ();
}

#endif /* clone3-test.h */
