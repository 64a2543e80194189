/* The first ENOSYS from clone3 is remembered: later calls go straight to
   the legacy clone system call, as glibc does.  A seccomp filter makes
   clone3 fail with ENOSYS only for 88-byte blocks; a later request with
   a 64-byte block (which clone3 would accept) that only clone3 can
   express must then fail with ENOSYS.  */
/* { dg-do run } */

#include "clone3-test.h"
#include "test-child.h"
#include "test-system.h"

static void
enosys_for_88_byte_blocks (void)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  const unsigned int size_lo = offsetof (struct seccomp_data, args[1]);
#else
  const unsigned int size_lo = offsetof (struct seccomp_data, args[1]) + 4;
#endif
  struct sock_filter filter[] = {
    BPF_STMT (BPF_LD | BPF_W | BPF_ABS, offsetof (struct seccomp_data, nr)),
    BPF_JUMP (BPF_JMP | BPF_JEQ | BPF_K, SYS_clone3, 0, 3),
    BPF_STMT (BPF_LD | BPF_W | BPF_ABS, size_lo),
    BPF_JUMP (BPF_JMP | BPF_JEQ | BPF_K, 88, 0, 1),
    BPF_STMT (BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS),
    BPF_STMT (BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
  };
  test_install_filter (filter, sizeof filter / sizeof filter[0]);
}

static int
do_test (void)
{
  if (!test_privileged ())
    UNSUPPORTED ("CLONE_NEWTIME needs root");
  if (access ("/proc/self/ns/time", F_OK) != 0)
    UNSUPPORTED ("the kernel has no time namespaces (CLONE_NEWTIME)");

  /* In a subprocess, so that the filter and the remembered ENOSYS stay
     there.  */
  pid_t pid = fork ();
  CHECK (pid >= 0);
  if (pid == 0)
    {
      enosys_for_88_byte_blocks ();
      struct clone_args a = test_args (CLONE_NEWTIME, SIGCHLD);

      /* clone3 itself still works for a 64-byte block...  */
      pid_t c = syscall (SYS_clone3, &a, (size_t) CLONE_ARGS_SIZE_VER0);
      if (c == 0)
	_exit (0);
      CHECK (c > 0);
      CHECK_EQ (test_wait_exit (c), 0);

      /* ... the library's first call meets ENOSYS and falls back ...  */
      a = test_args (0, SIGCHLD);
      c = clone3_fork_raw (&a, sizeof a);
      if (c == 0)
	_exit (0);
      CHECK (c > 0);
      CHECK_EQ (test_wait_exit (c), 0);

      /* ... and no longer asks clone3, even for a 64-byte block.  */
      a = test_args (CLONE_NEWTIME, SIGCHLD);
      CHECK_ERRNO (clone3_fork (&a, CLONE_ARGS_SIZE_VER0), ENOSYS);
      _exit (0);
    }
  CHECK_EQ (test_wait_exit (pid), 0);
  return 0;
}
