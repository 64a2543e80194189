/* Fixtures shared by the libclone3.strategy tests: time and bounded
   waits, a seccomp trap of a magic call, signal state, an idle thread,
   atfork handlers registered before the library's.  */

#ifndef STRATEGY_UTIL_H
#define STRATEGY_UTIL_H 1

#include "clone3-test.h"

#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdint.h>
#include <sys/wait.h>
#include <time.h>

/* Milliseconds on the monotonic clock.  */
static __attribute__ ((unused)) long long
test_now_ms (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static __attribute__ ((unused)) void
test_sleep_ms (long ms)
{
  struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
  while (nanosleep (&ts, &ts) != 0 && errno == EINTR)
    ;
}

/* Wait up to LIMIT_MS for PID (any exit signal) to end.  Returns 1 with
   its wait status in *STATUS, or 0 if it did not end in time, after
   killing and reaping it.  */
static __attribute__ ((unused)) int
test_wait_bounded (pid_t pid, long limit_ms, int *status)
{
  long long end = test_now_ms () + limit_ms;
  for (;;)
    {
      pid_t r = waitpid (pid, status, __WALL | WNOHANG);
      if (r == pid)
	return 1;
      if (r < 0 && errno != EINTR)
	FAIL_EXIT ("waitpid (%d): %s", (int) pid, strerror (errno));
      if (test_now_ms () >= end)
	break;
      test_sleep_ms (5);
    }
  kill (pid, SIGKILL);
  while (waitpid (pid, status, __WALL) < 0 && errno == EINTR)
    ;
  return 0;
}

/* The PID a pidfd refers to, from /proc/self/fdinfo; -1 if none.  */
static __attribute__ ((unused)) long
test_pidfd_pid (int fd)
{
  char path[64];
  snprintf (path, sizeof path, "/proc/self/fdinfo/%d", fd);
  FILE *f = fopen (path, "r");
  if (f == NULL)
    return -1;
  char line[256];
  long pid = -1;
  while (fgets (line, sizeof line, f) != NULL)
    if (sscanf (line, "Pid: %ld", &pid) == 1)
      break;
  fclose (f);
  return pid;
}

#ifndef SYS_SECCOMP
# define SYS_SECCOMP 1		/* si_code of a SECCOMP_RET_TRAP SIGSYS.  */
#endif

/* The system call that the filter of test_trap_magic traps: getppid
   with these two arguments (getppid ignores its arguments, so no other
   caller's getppid is trapped in practice).  */
#define TEST_MAGIC_NR SYS_getppid
#define TEST_MAGIC_A0 0x5ec0c0deUL
#define TEST_MAGIC_A1 0x0badf00dUL

/* Make the magic call; with the filter installed it raises SIGSYS.  */
static __attribute__ ((unused)) long
test_magic_call (void)
{
  return syscall (TEST_MAGIC_NR, TEST_MAGIC_A0, TEST_MAGIC_A1);
}

/* The offset in struct seccomp_data of the low 32 bits of argument N
   (the arguments are 64-bit words; a BPF load takes 32 bits).  */
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
# define TEST_ARG_LOW(n) (offsetof (struct seccomp_data, args[n]) + 4)
#else
# define TEST_ARG_LOW(n) offsetof (struct seccomp_data, args[n])
#endif

/* Install a seccomp filter that answers the magic call with
   SECCOMP_RET_TRAP (a SIGSYS with si_code SYS_SECCOMP) and allows
   everything else.  */
static __attribute__ ((unused)) void
test_trap_magic (void)
{
  struct sock_filter filter[] = {
    BPF_STMT (BPF_LD | BPF_W | BPF_ABS, offsetof (struct seccomp_data, nr)),
    BPF_JUMP (BPF_JMP | BPF_JEQ | BPF_K, TEST_MAGIC_NR, 0, 5),
    BPF_STMT (BPF_LD | BPF_W | BPF_ABS, TEST_ARG_LOW (0)),
    BPF_JUMP (BPF_JMP | BPF_JEQ | BPF_K, TEST_MAGIC_A0, 0, 3),
    BPF_STMT (BPF_LD | BPF_W | BPF_ABS, TEST_ARG_LOW (1)),
    BPF_JUMP (BPF_JMP | BPF_JEQ | BPF_K, TEST_MAGIC_A1, 0, 1),
    BPF_STMT (BPF_RET | BPF_K, SECCOMP_RET_TRAP),
    BPF_STMT (BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
  };
  test_install_filter (filter, sizeof filter / sizeof filter[0]);
}

/* The kernel's view of a signal's disposition (rt_sigaction), which
   includes glibc's internal signals and the restorer.  */
struct test_ksigaction
{
#ifdef __mips__
  unsigned int flags;		/* MIPS: flags first, no restorer.  */
  unsigned long handler;
#else
  unsigned long handler;
  unsigned long flags;
  unsigned long restorer;
#endif
  uint64_t mask;
  uint64_t mask_high;		/* MIPS: signals 65 to 128.  */
};

/* The size of the kernel's sigset_t: glibc's _NSIG is the kernel's
   plus one (65) on most ports, the kernel's own (128) on MIPS.  */
#define TEST_KSIGSET_SIZE (_NSIG / 8)

static __attribute__ ((unused)) int
test_get_action (int sig, struct test_ksigaction *act)
{
  memset (act, 0, sizeof *act);
  return syscall (SYS_rt_sigaction, sig, NULL, act, TEST_KSIGSET_SIZE);
}

/* Signal state: the calling thread's mask, every bit the kernel keeps,
   and every disposition 1.._NSIG-1.  */
struct test_sigstate
{
  uint64_t mask[2];
  struct test_ksigaction act[_NSIG];
};

static __attribute__ ((unused)) void
test_get_sigstate (struct test_sigstate *s)
{
  memset (s, 0, sizeof *s);
  if (syscall (SYS_rt_sigprocmask, SIG_BLOCK, NULL, s->mask,
	       TEST_KSIGSET_SIZE) != 0)
    FAIL_EXIT ("rt_sigprocmask: %s", strerror (errno));
  for (int sig = 1; sig < _NSIG; ++sig)
    if (test_get_action (sig, &s->act[sig]) != 0)
      FAIL_EXIT ("rt_sigaction (%d): %s", sig, strerror (errno));
}

/* The first signal whose disposition differs between A and B, 0 if
   none, -1 if the masks differ.  */
static __attribute__ ((unused)) int
test_sigstate_diff (const struct test_sigstate *a,
		    const struct test_sigstate *b)
{
  if (a->mask[0] != b->mask[0] || a->mask[1] != b->mask[1])
    return -1;
  for (int sig = 1; sig < _NSIG; ++sig)
    if (memcmp (&a->act[sig], &b->act[sig], sizeof a->act[sig]) != 0)
      return sig;
  return 0;
}

/* The application's signal state of child-signal-state.c and
   sigsys-chain.c: varied dispositions and a mask, so that a change
   shows, and a SIGSYS handler that counts the magic call's seccomp
   traps in test_traps (and those that arrive wrong in test_bad_traps:
   another si_code or call, or without the handler's own sa_mask).  */
static volatile sig_atomic_t test_traps, test_bad_traps;

static __attribute__ ((unused)) void
test_app_sigsys (int sig, siginfo_t *info, void *ctx)
{
  (void) ctx;
  sigset_t now;
  pthread_sigmask (SIG_BLOCK, NULL, &now);
  /* The handler's own sa_mask (SIGUSR1) is in effect, and not
     everything is blocked.  */
  if (sig != SIGSYS || info->si_code != SYS_SECCOMP
      || info->si_syscall != TEST_MAGIC_NR || !sigismember (&now, SIGUSR1)
      || sigismember (&now, SIGTERM))
    ++test_bad_traps;
  ++test_traps;
}

static __attribute__ ((unused)) void
test_other_handler (int sig)
{
  char msg[64];
  int n = snprintf (msg, sizeof msg, "unexpected signal %d\n", sig);
  if (write (STDERR_FILENO, msg, n) < 0)
    _exit (5);
  _exit (5);
}

/* Set them, and the SIGSYS handler.  */
static __attribute__ ((unused)) void
test_set_dispositions (void)
{
  for (int sig = 1; sig < _NSIG; ++sig)
    {
      if (sig == SIGKILL || sig == SIGSTOP || sig == SIGCHLD
	  || sig == SIGALRM || sig == SIGSYS)
	continue;
      struct sigaction sa;
      memset (&sa, 0, sizeof sa);
      if (sig == SIGPIPE || sig == SIGWINCH || sig == SIGURG
	  || (sig >= SIGRTMIN && sig % 3 == 0))
	sa.sa_handler = SIG_IGN;
      else
	{
	  sa.sa_handler = test_other_handler;
	  sa.sa_flags = sig % 2 ? SA_RESTART : SA_NODEFER;
	  if (sig + 1 < _NSIG && sig + 1 != SIGKILL && sig + 1 != SIGSTOP)
	    sigaddset (&sa.sa_mask, sig + 1);
	}
      /* glibc refuses its internal signals.  */
      sigaction (sig, &sa, NULL);
    }
  struct sigaction sa;
  memset (&sa, 0, sizeof sa);
  sa.sa_sigaction = test_app_sigsys;
  sa.sa_flags = SA_SIGINFO | SA_RESTART;
  sigaddset (&sa.sa_mask, SIGUSR1);
  CHECK (sigaction (SIGSYS, &sa, NULL) == 0);

  sigset_t mask;
  sigemptyset (&mask);
  sigaddset (&mask, SIGHUP);
  sigaddset (&mask, SIGWINCH);
  sigaddset (&mask, SIGRTMIN + 2);
  sigaddset (&mask, SIGUSR2);
  CHECK (sigprocmask (SIG_SETMASK, &mask, NULL) == 0);
}

/* A second thread that waits until it is told to end: it makes the
   process multithreaded, so that glibc's fork takes its locks.  */
static sem_t test_idle_done;

static __attribute__ ((unused)) void *
test_idle (void *arg)
{
  (void) arg;
  while (sem_wait (&test_idle_done) != 0)
    ;
  return NULL;
}

static __attribute__ ((unused)) pthread_t
test_start_idle_thread (void)
{
  CHECK (sem_init (&test_idle_done, 0, 0) == 0);
  pthread_t t;
  CHECK_EQ (pthread_create (&t, NULL, test_idle, NULL), 0);
  return t;
}

static __attribute__ ((unused)) void
test_stop_idle_thread (pthread_t t)
{
  sem_post (&test_idle_done);
  CHECK_EQ (pthread_join (t, NULL), 0);
}

/* Register the atfork handlers PREPARE, PARENT and CHILD before the
   library's own: from the program's .preinit_array, which runs before
   any shared object's constructor.  test_preinit_check () in do_test
   reports a failed registration.  */
static volatile sig_atomic_t test_preinit_failed, test_preinit_ran;
#define TEST_PREINIT_ATFORK(prepare, parent, child)			\
  static void								\
  test_preinit_registration (int argc, char **argv, char **envp)	\
  {									\
    (void) argc;							\
    (void) argv;							\
    (void) envp;							\
    test_preinit_ran = 1;						\
    if (pthread_atfork (prepare, parent, child) != 0)			\
      test_preinit_failed = 1;						\
  }									\
  __attribute__ ((section (".preinit_array"), used))			\
  static void (*const test_preinit) (int, char **, char **)		\
    = test_preinit_registration

static __attribute__ ((unused)) void
test_preinit_check (void)
{
  if (test_preinit_failed)
    FAIL_EXIT ("pthread_atfork from .preinit_array failed");
  if (!test_preinit_ran)
    UNSUPPORTED ("the C library does not run the program's .preinit_array "
		 "(musl does not)");
}

#endif /* strategy-util.h */
