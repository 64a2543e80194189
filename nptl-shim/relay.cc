/* clone3_fork's relay strategy: glibc's fork makes a short-lived
   intermediate child, which makes the real one with clone3.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.

   For multithreaded callers on kernels without Syscall User Dispatch.
   glibc's fork gives the intermediate process everything fork gives a
   child: handlers run, internal locks reset.  The intermediate then has a
   single thread, so what it copies into the real child with
   clone3 (... CLONE_PARENT ...) is consistent; the child needs only the
   repairs of _Fork (TID, robust list).  CLONE_PARENT makes the caller the
   real child's parent; the intermediate reports the PID, and the pidfd by
   SCM_RIGHTS, and exits.

   Documented differences from fork: the caller briefly has an extra
   child, reaped here; the handlers of the child side run in the
   intermediate process (getpid there is not the real child's); and
   CLONE_PARENT makes the real child inherit the intermediate's exit
   signal, SIGCHLD, so a request for another exit signal, for
   CLONE_PARENT itself, or for sharing the caller's files, fs, I/O
   context, SysV undo list or tracer (which would be shared with the
   intermediate) is served by emulate instead (relay_can_serve).  */

#include "nptl-shim.h"

#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

namespace clone3_internal {

namespace {

/* The intermediate's report: the real child's PID or a negated errno,
   and with CLONE_PIDFD its pidfd alongside.  */
struct relay_report
{
  long result;
};

/* Send REPORT, and the pidfd with it, and end the intermediate.  */
[[noreturn]] void
report_and_exit (int sock, long result, int pidfd)
{
  relay_report report = { result };
  struct iovec iov = { &report, sizeof report };
  union
  {
    char buf[CMSG_SPACE (sizeof (int))];
    struct cmsghdr align;
  } control;
  struct msghdr msg;
  memset (&msg, 0, sizeof msg);
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  if (pidfd >= 0)
    {
      memset (&control, 0, sizeof control);
      msg.msg_control = control.buf;
      msg.msg_controllen = sizeof control.buf;
      struct cmsghdr *c = CMSG_FIRSTHDR (&msg);
      c->cmsg_level = SOL_SOCKET;
      c->cmsg_type = SCM_RIGHTS;
      c->cmsg_len = CMSG_LEN (sizeof (int));
      memcpy (CMSG_DATA (c), &pidfd, sizeof pidfd);
    }
  ssize_t sent;
  do
    sent = sendmsg (sock, &msg, MSG_NOSIGNAL);
  while (sent < 0 && errno == EINTR);
  /* No atexit handlers: they belong to the caller's process.  */
  syscall (SYS_exit_group, sent == sizeof report ? 0 : 1);
  __builtin_unreachable ();
}

/* In the intermediate process: make the real child.  Returns only in
   the real child.  */
void
intermediate (int sock, request &req)
{
  pid_t *tid = thread_tid_address ();
  robust_list_door robust;
  if (tid == nullptr || !robust_list_find (&robust))
    report_and_exit (sock, -ENOSYS, -1);

  /* CLONE_PARENT_SETTID stays, so that the request fails as it would
     (on the legacy path, together with CLONE_PIDFD); the caller's own
     memory gets the PID from the report.  */
  req.args.flags |= CLONE_PARENT | CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID;
  req.args.child_tid = reinterpret_cast<uintptr_t> (tid);
  /* With CLONE_PARENT the kernel takes the exit signal from the
     intermediate (SIGCHLD) and wants none here.  */
  req.args.exit_signal = 0;
  long r;
  {
    signal_block block;
    r = fork_syscall (req);
    if (r == 0)
      robust_list_reset_child (robust);
  }
  if (r == 0)
    {
      close (sock);
      return;
    }
  int pidfd = -1;
  if (r > 0 && (req.args.flags & CLONE_PIDFD) != 0)
    memcpy (&pidfd, reinterpret_cast<const void *> (
		      static_cast<uintptr_t> (req.args.pidfd)),
	    sizeof pidfd);
  report_and_exit (sock, r, pidfd);
}

} // anonymous namespace

bool
relay_can_serve (const request &req)
{
  /* The flags that share something with the parent would share it with
     the intermediate process instead.  */
  constexpr uint64_t shared_with_parent
    = CLONE_FILES | CLONE_FS | CLONE_IO | CLONE_SYSVSEM | CLONE_PTRACE;
  return req.args.exit_signal == SIGCHLD
	 && (req.args.flags & (CLONE_PARENT | shared_with_parent)) == 0;
}

long
fork_relay (request &req)
{
  int sv[2];
  if (socketpair (AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0)
    return -errno;

  pid_t mid = fork ();
  if (mid < 0)
    {
      long r = -errno;
      close (sv[0]);
      close (sv[1]);
      return r;
    }
  if (mid == 0)
    {
      close (sv[0]);
      intermediate (sv[1], req);
      return 0;
    }
  close (sv[1]);

  relay_report report = { -EAGAIN };
  struct iovec iov = { &report, sizeof report };
  union
  {
    char buf[CMSG_SPACE (sizeof (int))];
    struct cmsghdr align;
  } control;
  memset (&control, 0, sizeof control);
  struct msghdr msg;
  memset (&msg, 0, sizeof msg);
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control.buf;
  msg.msg_controllen = sizeof control.buf;
  ssize_t got;
  do
    got = recvmsg (sv[0], &msg, MSG_CMSG_CLOEXEC);
  while (got < 0 && errno == EINTR);
  close (sv[0]);

  int pidfd = -1;
  for (struct cmsghdr *c = CMSG_FIRSTHDR (&msg); c != nullptr;
       c = CMSG_NXTHDR (&msg, c))
    if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS
	&& c->cmsg_len == CMSG_LEN (sizeof (int)))
      memcpy (&pidfd, CMSG_DATA (c), sizeof pidfd);

  /* Reap the intermediate; an application that reaps every child itself
     may have got there first.  */
  int status;
  while (waitpid (mid, &status, __WALL) < 0 && errno == EINTR)
    ;

  long r = got == sizeof report ? report.result : -EAGAIN;
  if (r > 0)
    {
      const struct clone_args &a = req.args;
      if ((a.flags & CLONE_PIDFD) != 0)
	memcpy (reinterpret_cast<void *> (static_cast<uintptr_t> (a.pidfd)),
		&pidfd, sizeof pidfd);
      if ((a.flags & CLONE_PARENT_SETTID) != 0)
	{
	  pid_t pid = static_cast<pid_t> (r);
	  memcpy (reinterpret_cast<void *> (
		    static_cast<uintptr_t> (a.parent_tid)), &pid, sizeof pid);
	}
    }
  else if (pidfd >= 0)
    close (pidfd);
  return r;
}

} // namespace clone3_internal
