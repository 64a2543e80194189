/* A request that fork itself expresses, served by the GNU C Library.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.

   Where no strategy can make clone3_fork's child (qemu-user, which has
   neither PR_GET_TID_ADDRESS nor clone3; a seccomp profile that refuses
   get_robust_list; a program that loaded libclone3 with dlopen), a
   request with nothing of clone3's own (no flags, SIGCHLD, no set_tid)
   asks for exactly the child glibc's fork makes, and _Fork's for
   clone3_fork_raw: those make it, with every repair, instead of the
   call failing with ENOSYS.

   Where no strategy can make a request's child at all, the kernel still
   judges its arguments (fork_without_strategy), so that a request the
   kernel refuses fails as the kernel says, not with ENOSYS.  */

#include "fork.h"

#include <sys/syscall.h>
#include <sys/wait.h>
#include <sysdep.h>
#include <unistd.h>

/* glibc's own fork, exported beside fork on every ABI (GLIBC_2.0 and
   each port's first version); not declared by its headers.  */
extern "C" pid_t __fork (void);

#ifndef SYS_clone3
# define SYS_clone3 435
#endif

namespace clone3_internal {

bool
plain_fork_request (const request &req)
{
  /* check_fork_request has refused a stack and the thread flags; the
     pointer fields mean nothing without their flags.  A set_tid without
     its size, a block too short, and a field newer than the kernel's
     structure are for the kernel to judge.  */
  const struct clone_args &a = req.args;
  if (a.flags != 0 || a.exit_signal != SIGCHLD || a.set_tid != 0
      || a.set_tid_size != 0 || req.size < CLONE_ARGS_SIZE_VER0
      || req.outline != nullptr)
    return false;
  constexpr size_t known = sizeof (struct clone_args) / sizeof (uint64_t);
  for (size_t i = known; i < request_inline_size / sizeof (uint64_t); ++i)
    if (req.inline_block[i] != 0)
      return false;
  return true;
}

long
glibc_fork (bool handlers)
{
  pid_t pid = handlers ? process_fork () : _Fork ();
  return pid < 0 ? -errno : pid;
}

namespace {

/* Whether this thread is inside the library's call of the process's
   fork (process_fork), and whether the innermost such call has been
   called back already (fork_called_back).  Each call keeps the outer
   one's state and gives it back.  */
struct process_fork_state
{
  bool inside;
  bool called_back;
};

__thread process_fork_state process_forks
  __attribute__ ((tls_model ("initial-exec")));

/* Whether the process binds fork to another definition than glibc's:
   an LD_PRELOAD library's, or the program's own.  */
bool
fork_interposed ()
{
  return (reinterpret_cast<void *> (&fork)
	  != reinterpret_cast<void *> (&__fork));
}

} // anonymous namespace

long
glibc_own_fork ()
{
  pid_t pid = __fork ();
  return pid < 0 ? -errno : pid;
}

pid_t
process_fork ()
{
  /* The process's fork has been called for this thread's outer
     clone3_fork, and has led back here: an interposer built on
     clone3_fork would only do so again.  */
  if (process_forks.inside && fork_interposed ())
    return __fork ();
  process_fork_state outer = process_forks;
  process_forks = { true, false };
  pid_t pid = fork ();
  /* In the parent and the child alike.  */
  process_forks = outer;
  return pid;
}

bool
fork_called_back (const request &req)
{
  /* Once per call of the process's fork: a later clone3_fork inside it
     comes from glibc's fork itself (a prepare handler's), and is a
     fork of its own.  */
  if (!process_forks.inside || process_forks.called_back
      || !fork_interposed () || !plain_fork_request (req))
    return false;
  process_forks.called_back = true;
  return true;
}

namespace {

/* Memory the kernel cannot store a pidfd in: read-only data.  */
const int unwritable_pidfd = -1;

} // anonymous namespace

long
fork_without_strategy (const request &req)
{
  /* The legacy path's checks have been made already
     (check_legacy_request); a plain request's arguments are fork's.  */
  if (clone3_known_missing () || plain_fork_request (req))
    return -ENOSYS;
  /* Adding CLONE_PIDFD would make this request valid.  */
  if ((req.args.flags & (CLONE_PIDFD_AUTOKILL | CLONE_PIDFD))
      == CLONE_PIDFD_AUTOKILL)
    return -ENOSYS;

  /* The request itself, with its pidfd to be stored where the kernel
     cannot store it: the kernel checks every argument, and its caller's
     rights, before it stores the pidfd (in copy_process), and then
     undoes the creation, before the child has run or been seen.  */
  request probe = req;
  probe.args.flags |= CLONE_PIDFD;
  probe.args.pidfd = reinterpret_cast<uintptr_t> (&unwritable_pidfd);
  long r = internal_syscall (SYS_clone3, probe.kernel_block (), probe.size);
  if (r == 0)
    /* The kernel stored it after all: never to be seen.  */
    internal_exit (127);
  if (r > 0)
    {
      while (internal_syscall (SYS_wait4, r, nullptr, __WALL, nullptr)
	     == -EINTR)
	;
      return -ENOSYS;
    }
  int err = static_cast<int> (-r);
  if (err == ENOSYS)
    {
      clone3_set_missing ();
      int c = check_legacy_request (req);
      return c != 0 ? c : -ENOSYS;
    }
  if (err != EFAULT)
    return -err;
  /* EFAULT is the pidfd's, unless the set_tid array cannot be read,
     which the kernel checks first.  */
  pid_t set_tid[max_set_tid_size];
  const struct clone_args &a = req.args;
  if (a.set_tid != 0 && a.set_tid_size > 0
      && a.set_tid_size <= max_set_tid_size
      && copy_from_caller (set_tid, reinterpret_cast<const void *> (
				      static_cast<uintptr_t> (a.set_tid)),
			   a.set_tid_size * sizeof (pid_t)) != 0)
    return -EFAULT;
  return -ENOSYS;
}

} // namespace clone3_internal
