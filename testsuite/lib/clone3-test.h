/* The driver of the libclone3 test suite.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.

   A test includes this header and defines "static int do_test (void)",
   which the header's main calls.  do_test returns 0 for PASS; FAIL_EXIT and
   the CHECK macros end the test with status 1, UNSUPPORTED with 77.

   This header is the driver only: the reporting and CHECK macros, the
   variants (strategy, ENOSYS), the seccomp filters that make them, the
   timeout, the stress loop divisor the boards set, and main.  The
   fixtures a test uses come from headers of their own, which a test
   includes after this one as it needs them:
     test-child.h   argument blocks, making children, waiting for them,
		    the legacy clone system call, descriptor counts;
     test-system.h  privilege, /proc/sys numbers, a free PID;
     test-cgroup.h  a fresh cgroup2 leaf;
     test-atfork.h  counting atfork handlers, calls into unloaded
		    modules;
     test-signal.h  pending signals.
   Each test area may add fixtures of its own (libclone3.strategy's
   strategy-util.h, state-util.h and dispatch-util.h, libclone3.cxx's
   cxx-test.h).  Every name the harness defines, here or there, starts
   with test_ (TEST_ for macros), but for the CHECK, FAIL_EXIT and
   UNSUPPORTED macros, clone3_test_enosys and the CLONE3_TEST_* build
   options.

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

#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/types.h>
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
