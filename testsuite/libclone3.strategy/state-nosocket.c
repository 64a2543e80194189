/* Where AF_UNIX sockets are forbidden (a seccomp filter answering
   socket and socketpair with EAFNOSUPPORT, as systemd's
   RestrictAddressFamilies=none does) and where the descriptor table is
   full, fork () still works; so must clone3_fork, whatever its strategy
   needs for itself (relay's socket pair).  A plain request is compared
   with fork (), one with CLONE_PIDFD with the raw clone3 system call
   (EMFILE with a full table: the kernel has no descriptor for the
   pidfd), where clone3 exists; from a single-threaded and a
   multithreaded caller, each in a fresh process.  */
/* { dg-do run } */

#include "clone3-test.h"
#include "test-child.h"
#include "strategy-util.h"
#include "state-util.h"

#include <stdint.h>
#include <sys/resource.h>
#include <sys/socket.h>

enum maker { BY_FORK, BY_RAW_CLONE3_PIDFD, BY_CLONE3_FORK,
	     BY_CLONE3_FORK_PIDFD, N_MAKERS };
static const char *const maker_names[]
  = { "fork ()", "clone3 (CLONE_PIDFD)", "clone3_fork",
      "clone3_fork with CLONE_PIDFD" };
/* The reference of each.  */
static const enum maker reference[]
  = { BY_FORK, BY_RAW_CLONE3_PIDFD, BY_FORK, BY_RAW_CLONE3_PIDFD };

enum variant { NO_SOCKET, NO_SOCKET_THREADED, NO_FD, NO_FD_THREADED,
	       N_VARIANTS };
static const char *const variant_names[]
  = { "no sockets, single-threaded", "no sockets, multithreaded",
      "full descriptor table, single-threaded",
      "full descriptor table, multithreaded" };

static pid_t
make (enum maker m, int *pidfd)
{
  *pidfd = -1;
  struct clone_args a = test_args (m == BY_RAW_CLONE3_PIDFD
				   || m == BY_CLONE3_FORK_PIDFD
				   ? CLONE_PIDFD : 0, SIGCHLD);
  a.pidfd = (uintptr_t) pidfd;
  switch (m)
    {
    case BY_FORK:
      return fork ();
    case BY_RAW_CLONE3_PIDFD:
      {
	long r = syscall (SYS_clone3, &a, sizeof a);
	if (r == 0)
	  syscall (SYS_exit_group, 42);
	return r;
      }
    default:
      return clone3_fork (&a, sizeof a);
    }
}

static void
forbid_sockets (void)
{
#ifdef TEST_AUDIT_ARCH
  struct sock_filter filter[] = {
    TEST_FILTER_PROLOGUE,
# ifdef SYS_socketcall
    BPF_JUMP (BPF_JMP | BPF_JEQ | BPF_K, SYS_socketcall, 3, 0),
# endif
# ifdef SYS_socket
    BPF_JUMP (BPF_JMP | BPF_JEQ | BPF_K, SYS_socket, 2, 0),
# endif
    BPF_JUMP (BPF_JMP | BPF_JEQ | BPF_K, SYS_socketpair, 1, 0),
    BPF_STMT (BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    BPF_STMT (BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EAFNOSUPPORT),
  };
  test_install_filter (filter, sizeof filter / sizeof filter[0]);
#else
  UNSUPPORTED ("no seccomp architecture value known for this target");
#endif
}

/* Fill the descriptor table: a low limit, every slot below it taken.  */
static int
fill_fds (void)
{
  struct rlimit lim;
  if (getrlimit (RLIMIT_NOFILE, &lim) != 0)
    return errno;
  lim.rlim_cur = 64;
  if (setrlimit (RLIMIT_NOFILE, &lim) != 0)
    return errno;
  while (dup (0) >= 0)
    ;
  return errno == EMFILE ? 0 : errno;
}

static void
scenario (int which, struct test_state_outcome *o)
{
  enum maker m = which % N_MAKERS;
  enum variant v = which / N_MAKERS;
  pthread_t idle = 0;
  if (v == NO_SOCKET_THREADED || v == NO_FD_THREADED)
    idle = test_start_idle_thread ();
  if (v == NO_SOCKET || v == NO_SOCKET_THREADED)
    {
      forbid_sockets ();
      int sv[2];
      if (socketpair (AF_UNIX, SOCK_STREAM, 0, sv) == 0
	  || errno != EAFNOSUPPORT)
	{
	  TEST_STATE_FAIL (o, "socketpair is not refused");
	  return;
	}
    }
  else
    {
      int e = fill_fds ();
      if (e != 0)
	{
	  TEST_STATE_FAIL (o, "cannot fill the descriptor table: %s",
			   strerror (e));
	  return;
	}
    }

  int pidfd;
  pid_t pid = make (m, &pidfd);
  if (pid == 0)
    _exit (42);
  if (pid < 0)
    o->err[0] = errno;
  else
    {
      int st = test_wait (pid);
      o->seen[0] = WIFEXITED (st) ? WEXITSTATUS (st) : 1000 + st;
      if (pidfd >= 0)
	close (pidfd);
      else if (m == BY_RAW_CLONE3_PIDFD || m == BY_CLONE3_FORK_PIDFD)
	TEST_STATE_FAIL (o, "success without a pidfd");
    }
  errno = 0;
  if (waitpid (-1, NULL, __WALL | WNOHANG) != -1 || errno != ECHILD)
    TEST_STATE_FAIL (o, "a process is left to reap");
  if (idle != 0)
    test_stop_idle_thread (idle);
}

static int
do_test (void)
{
  /* Without clone3 there is no raw clone3 reference for the pidfd.  */
  int makers = clone3_test_enosys ? BY_CLONE3_FORK + 1 : N_MAKERS;
  for (int v = 0; v < N_VARIANTS; ++v)
    {
      struct test_state_outcome ref[2];
      for (int m = BY_FORK; m <= BY_RAW_CLONE3_PIDFD; ++m)
	{
	  if (m == BY_RAW_CLONE3_PIDFD && makers < N_MAKERS)
	    break;
	  ref[m] = test_state_run (scenario, v * N_MAKERS + m);
	  if (ref[m].bad)
	    FAIL_EXIT ("%s, %s: %s", variant_names[v], maker_names[m],
		       ref[m].why);
	}
      /* fork () works in every one of these states.  */
      if (ref[BY_FORK].err[0] != 0)
	FAIL_EXIT ("%s: fork (): %s", variant_names[v],
		   strerror (ref[BY_FORK].err[0]));
      for (int m = BY_CLONE3_FORK; m < makers; ++m)
	{
	  struct test_state_outcome got
	    = test_state_run (scenario, v * N_MAKERS + m);
	  char what[160];
	  snprintf (what, sizeof what, "%s, %s", variant_names[v],
		    maker_names[m]);
	  test_state_expect_same (what, &got, &ref[reference[m]]);
	  printf ("%s: %s, as %s\n", what, got.err[0] == 0 ? "a child"
		  : strerror (got.err[0]), maker_names[reference[m]]);
	}
    }
  return 0;
}
