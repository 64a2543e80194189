/* clone3_fork's relay strategy: glibc's fork makes a short-lived
   intermediate child, which makes the real one with clone3.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.

   docs/design.md explains the strategies.  For multithreaded callers on
   kernels without Syscall User Dispatch.  glibc's fork gives the
   intermediate process everything fork gives a child: handlers run,
   internal locks reset.  The intermediate then has a single thread, so what
   it copies into the real child with clone3 (... CLONE_PARENT ...) is
   consistent; the child needs only the repairs of _Fork (TID, robust list).
   CLONE_PARENT makes the caller the real child's parent; the intermediate
   reports the PID, and the pidfd by SCM_RIGHTS, and exits.

   Documented differences from fork: the caller briefly has an extra
   child, reaped here; the handlers of the child side run in the
   intermediate process (getpid there is not the real child's); and
   CLONE_PARENT makes the real child inherit the intermediate's exit
   signal, SIGCHLD, so a request for another exit signal, for
   CLONE_PARENT itself, or for sharing the caller's files, fs, I/O
   context, SysV undo list or tracer (which would be shared with the
   intermediate) is served by emulate instead (relay_can_serve).

   What the intermediate needs beyond fork's child must never make
   clone3_fork fail where fork would succeed: where the caller's children go
   to another PID namespace than its own (the intermediate would be its
   init, or see the real child's PID in that namespace), where no socket
   pair can be had, and where there is no process slot for both it and the
   child, fork_relay serves the request another way.  The caller's memory is
   written as the kernel writes it: a PID that cannot be stored is dropped,
   a pidfd that cannot be stored or received fails the call, after the child
   has been killed and reaped.  And relay is no cancellation point, as fork
   is not.  */

#include "fork.h"

#include <fcntl.h>
#include <pthread.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <sysdep.h>
#include <unistd.h>

#ifndef SYS_pidfd_send_signal
# define SYS_pidfd_send_signal 424
#endif

namespace clone3_internal {

namespace {

/* The intermediate's report: the real child's PID or a negated errno,
   and with CLONE_PIDFD its pidfd alongside; or became_child.  */
struct relay_report
{
  long result;
};

/* The intermediate could not make another process (EAGAIN) for a plain
   request, and is itself the child: glibc's fork made it as fork makes
   any child.  */
constexpr long became_child = 0;

/* One relay in progress in this thread: the socket pair its
   intermediate reports on, and the process that owns the pair.  Lives
   on relay's stack; the innermost is the thread's top.  */
struct relay_frame
{
  relay_frame *prev;
  int sv[2];
  pid_t owner;
};

/* initial-exec: read in an atfork handler, which must not allocate.  */
__thread relay_frame *relay_top __attribute__ ((tls_model ("initial-exec")));

/* The calling process's own PID namespace, as stat gives its link:
   it never changes in a process's life (unshare and setns change only
   where its children go), so it is read once per process.  PID says
   which process read it; a child with another PID reads it again, and
   fork's children forget it (relay_child).  A value inherited by a
   child with the same PID number anyway (the init of a new namespace,
   made by a raw clone that ran no atfork handler, child of another
   namespace's init) names an ancestor namespace, which
   pid_for_children never is: relay then merely gives way.  */
struct pid_namespace_id
{
  pid_t pid;
  dev_t dev;
  ino_t ino;
};
pid_namespace_id own_pid_namespace;

/* The library's last prepare handler (registered before any of the
   application's).  An application's prepare handler may itself fork,
   or call clone3_fork, inside the relay's fork; the child of that
   carries on with the relay's fork, in a process of its own, holding
   the relay's socket pair.  Its intermediate must not report on the
   pair of the process that made it: the reports would cross.  So a
   process that finds the top frame's pair not its own makes its own.
   If it cannot, the intermediate reports nothing and the call fails
   with the error, as fork fails when a resource is missing.  */
void
relay_prepare ()
{
  relay_frame *f = relay_top;
  if (f == nullptr)
    return;
  auto self = static_cast<pid_t> (internal_syscall (SYS_getpid));
  if (f->owner == self)
    return;
  internal_close (f->sv[0]);
  internal_close (f->sv[1]);
  f->owner = self;
  long r = internal_syscall (SYS_socketpair, AF_UNIX,
			     SOCK_SEQPACKET | SOCK_CLOEXEC, 0, f->sv);
  if (r != 0)
    f->sv[0] = f->sv[1] = static_cast<int> (r);
}

/* The library's first child handler: the child's own PID namespace
   may not be its parent's.  */
void
relay_child ()
{
  own_pid_namespace.pid = 0;
}

} // anonymous namespace

void
relay_init ()
{
  /* Where it cannot be registered (no glibc to register with), relay
     cannot run anyway: thread_doors_open finds no glibc either.  */
  glibc_register_atfork (relay_prepare, nullptr, relay_child);
}

namespace {

/* Send REPORT, and the pidfd with it.  Returns whether it was sent.  */
bool
send_report (int sock, long result, int pidfd)
{
  relay_report report = { result };
  struct iovec iov = { &report, sizeof report };
  union
  {
    char buf[CMSG_SPACE (sizeof (int))];
    struct cmsghdr align;
  } control;
  struct msghdr msg {};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  if (pidfd >= 0)
    {
      control = {};
      msg.msg_control = control.buf;
      msg.msg_controllen = sizeof control.buf;
      struct cmsghdr *c = CMSG_FIRSTHDR (&msg);
      c->cmsg_level = SOL_SOCKET;
      c->cmsg_type = SCM_RIGHTS;
      c->cmsg_len = CMSG_LEN (sizeof (int));
      memcpy (CMSG_DATA (c), &pidfd, sizeof pidfd);
    }
  long sent;
  do
    sent = internal_syscall (SYS_sendmsg, sock, &msg, MSG_NOSIGNAL);
  while (sent == -EINTR);
  return sent == sizeof report;
}

/* Send the report and end the intermediate.  */
[[noreturn]] void
report_and_exit (int sock, long result, int pidfd)
{
  bool sent = send_report (sock, result, pidfd);
  internal_exit (sent ? 0 : 1);
}

/* In the intermediate process: make the real child with VIA, the
   request as the intermediate makes it (its pointers into the
   intermediate's own memory).  Returns only in the real child, or in
   the intermediate become the child.  */
void
intermediate (int sock, request &via, bool plain)
{
  pid_t *tid = thread_tid_address ();
  robust_list_door robust;
  if (tid == nullptr || !robust_list_find (&robust))
    report_and_exit (sock, -ENOSYS, -1);

  /* CLONE_PARENT_SETTID stays, so that the request fails as it would
     (on the legacy path, together with CLONE_PIDFD); its PID goes to a
     variable of fork_relay's, and the caller's memory gets it from the
     report.  */
  via.args.flags |= CLONE_PARENT | CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID;
  via.args.child_tid = reinterpret_cast<uintptr_t> (tid);
  /* With CLONE_PARENT the kernel takes the exit signal from the
     intermediate (SIGCHLD) and wants none here.  */
  via.args.exit_signal = 0;
  /* The intermediate has the caller's actions (glibc's fork made it
     without CLONE_CLEAR_SIGHAND); only the real child loses them.  */
  long r = fork_repaired (via, robust);
  if (r == 0)
    {
      internal_close (sock);
      return;
    }
  /* No slot for a second process (RLIMIT_NPROC, pids.max): for a plain
     request this process, fork's child already, is the child, and fork
     needed no other slot.  */
  if (r == -EAGAIN && plain && send_report (sock, became_child, -1))
    {
      internal_close (sock);
      return;
    }
  int pidfd = -1;
  if (r > 0 && (via.args.flags & CLONE_PIDFD) != 0)
    memcpy (&pidfd, reinterpret_cast<const void *> (
		      static_cast<uintptr_t> (via.args.pidfd)),
	    sizeof pidfd);
  report_and_exit (sock, r, pidfd);
}

/* Whether INT-sized memory at ADDR can be read and written through the
   kernel (it may be on a MADV_DONTFORK page, absent from the
   intermediate).  */
bool
caller_int_writable (uintptr_t addr)
{
  int v;
  void *p = reinterpret_cast<void *> (addr);
  return copy_from_caller (&v, p, sizeof v) == 0
	 && store_to_caller (p, &v, sizeof v) == 0;
}

/* Whether the caller's next child would be in the caller's own PID
   namespace.  After unshare (CLONE_NEWPID) it is not, and the first
   child becomes the new namespace's init: as the intermediate it could
   not make the real child (the kernel refuses CLONE_PARENT to an init)
   and its exit would end the namespace; a later intermediate would
   report the real child's PID in the new namespace, not the
   caller's.  No system call tells without
   a descriptor or /proc (the pidfd ioctls need two descriptors), so
   the calling thread's namespace links are compared, and where they
   cannot be read (no /proc; Linux before 4.12 has no
   pid_for_children) relay is not used.  One path lookup per call: the
   process's own link is remembered.  */
bool
children_in_own_pid_namespace ()
{
  auto self = static_cast<pid_t> (internal_syscall (SYS_getpid));
  dev_t dev;
  ino_t ino;
  if (__atomic_load_n (&own_pid_namespace.pid, __ATOMIC_ACQUIRE) == self)
    {
      dev = own_pid_namespace.dev;
      ino = own_pid_namespace.ino;
    }
  else
    {
      struct statx st;
      if (internal_syscall (SYS_statx, AT_FDCWD, "/proc/self/ns/pid", 0,
			    STATX_INO, &st) != 0)
	return false;
      dev = makedev (st.stx_dev_major, st.stx_dev_minor);
      ino = st.stx_ino;
      /* Threads racing here store the same values; PID last.  */
      own_pid_namespace.dev = dev;
      own_pid_namespace.ino = ino;
      __atomic_store_n (&own_pid_namespace.pid, self, __ATOMIC_RELEASE);
    }
  struct statx children;
  return (internal_syscall (SYS_statx, AT_FDCWD,
			    "/proc/thread-self/ns/pid_for_children", 0,
			    STATX_INO, &children) == 0
	  && dev == makedev (children.stx_dev_major, children.stx_dev_minor)
	  && ino == children.stx_ino);
}

/* Wait for PID to end, whatever its exit signal; an application that
   reaps every child itself may have got there first (ECHILD).  */
void
reap (pid_t pid)
{
  while (internal_syscall (SYS_wait4, pid, nullptr, __WALL, nullptr)
	 == -EINTR)
    ;
}

/* End child PID (through PIDFD if there is one) and reap it: the call
   fails, and must leave no child behind.  */
void
discard_child (pid_t pid, int pidfd)
{
  /* pidfd_send_signal is Linux 5.1's: before it, the child cannot have
     been reaped by anyone else yet anyway.  */
  if (pidfd < 0
      || internal_syscall (SYS_pidfd_send_signal, pidfd, SIGKILL, nullptr,
			   0) != 0)
    /* Cannot fail: our own child, not reaped yet.  */
    internal_syscall (SYS_kill, pid, SIGKILL);
  reap (pid);
  if (pidfd >= 0)
    internal_close (pidfd);
}

/* Why relay could not make the child, when another way may.  */
enum class relay_failure { none, before_fork, after_handlers };

/* fork_relay with cancellation disabled.  Sets *FAILED when relay
   failed for want of what only it needs, with nothing of it left.  */
long
relay (request &req, relay_failure *failed)
{
  const struct clone_args &a = req.args;
  bool plain = plain_fork_request (req);

  /* The request as the intermediate makes it.  What the kernel writes
     goes to variables of this frame, which the intermediate has a copy
     of, and from there to the caller's memory; a set_tid array is read
     in advance for the same reason (a MADV_DONTFORK page, say).  A
     pointer the kernel would fail on stays as it is: the
     intermediate's memory has the caller's mappings and protections,
     so the kernel fails in the same way, in its own order.  */
  request via = req;
  int pidfd_slot = -1;
  pid_t parent_tid_slot = 0;
  pid_t set_tid[max_set_tid_size];
  if ((a.flags & CLONE_PIDFD) != 0 && caller_int_writable (a.pidfd))
    via.args.pidfd = reinterpret_cast<uintptr_t> (&pidfd_slot);
  if ((a.flags & CLONE_PARENT_SETTID) != 0)
    via.args.parent_tid = reinterpret_cast<uintptr_t> (&parent_tid_slot);
  if (a.set_tid != 0 && a.set_tid_size > 0
      && a.set_tid_size <= max_set_tid_size
      && copy_from_caller (set_tid, reinterpret_cast<const void *> (
					  static_cast<uintptr_t> (a.set_tid)),
			   a.set_tid_size * sizeof (pid_t)) == 0)
    via.args.set_tid = reinterpret_cast<uintptr_t> (set_tid);

  relay_frame frame;
  int *sv = frame.sv;
  long made = internal_syscall (SYS_socketpair, AF_UNIX,
			       SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv);
  if (made != 0)
    {
      /* AF_UNIX forbidden (seccomp, RestrictAddressFamilies), or no
	 room for two descriptors: fork needs neither.  */
      *failed = relay_failure::before_fork;
      return made;
    }
  frame.owner = static_cast<pid_t> (internal_syscall (SYS_getpid));
  frame.prev = relay_top;
  relay_top = &frame;

  pid_t mid = process_fork ();
  /* In the caller and the intermediate alike (relay_prepare may have
     given this process a pair of its own, or failed to).  */
  relay_top = frame.prev;
  if (mid >= 0 && sv[0] < 0)
    {
      /* No pair of its own for this process: no report can come.  */
      if (mid == 0)
	internal_exit (1);
      reap (mid);
      return sv[0];
    }
  if (mid < 0)
    {
      long r = -errno;
      internal_close (sv[0]);
      internal_close (sv[1]);
      /* The one slot fork would use went to the intermediate (with
	 CLONE_INTO_CGROUP the child's would be another cgroup's).  */
      if (r == -EAGAIN && !plain)
	*failed = relay_failure::after_handlers;
      return r;
    }
  if (mid == 0)
    {
      internal_close (sv[0]);
      intermediate (sv[1], via, plain);
      return 0;
    }
  internal_close (sv[1]);

  relay_report report = { -EAGAIN };
  struct iovec iov = { &report, sizeof report };
  union
  {
    char buf[CMSG_SPACE (sizeof (int))];
    struct cmsghdr align;
  } control {};
  struct msghdr msg {};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control.buf;
  msg.msg_controllen = sizeof control.buf;
  long got;
  do
    got = internal_syscall (SYS_recvmsg, sv[0], &msg, MSG_CMSG_CLOEXEC);
  while (got == -EINTR);
  internal_close (sv[0]);

  int pidfd = -1;
  if (got > 0)
    for (struct cmsghdr *c = CMSG_FIRSTHDR (&msg); c != nullptr;
	 c = CMSG_NXTHDR (&msg, c))
      if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS
	  && c->cmsg_len == CMSG_LEN (sizeof (int)))
	memcpy (&pidfd, CMSG_DATA (c), sizeof pidfd);

  long r = got == sizeof report ? report.result : -EAGAIN;
  if (r == became_child)
    /* Not reaped: it is the child.  */
    return mid;

  reap (mid);

  if (r <= 0)
    {
      if (pidfd >= 0)
	internal_close (pidfd);
      /* The intermediate took the slot the child needed.  */
      if (r == -EAGAIN && !plain)
	*failed = relay_failure::after_handlers;
      return r;
    }

  if ((a.flags & CLONE_PIDFD) != 0)
    {
      /* The kernel fails with EMFILE when it has no descriptor for the
	 pidfd, and with EFAULT when it cannot store it; so does relay,
	 where the caller's descriptor table filled up meanwhile
	 (MSG_CTRUNC) or its memory changed.  */
      if (pidfd < 0 || (msg.msg_flags & MSG_CTRUNC) != 0)
	{
	  discard_child (static_cast<pid_t> (r), pidfd);
	  return -EMFILE;
	}
      if (store_to_caller (reinterpret_cast<void *> (
			     static_cast<uintptr_t> (a.pidfd)),
			   &pidfd, sizeof pidfd) != 0)
	{
	  discard_child (static_cast<pid_t> (r), pidfd);
	  return -EFAULT;
	}
    }
  else if (pidfd >= 0)
    internal_close (pidfd);
  if ((a.flags & CLONE_PARENT_SETTID) != 0)
    {
      /* As in the kernel, a PID that cannot be stored is dropped.  */
      pid_t pid = static_cast<pid_t> (r);
      store_to_caller (reinterpret_cast<void *> (
			 static_cast<uintptr_t> (a.parent_tid)),
		       &pid, sizeof pid);
    }
  return r;
}

} // anonymous namespace

bool
relay_can_serve (const request &req)
{
  /* The flags that share something with the parent would share it with
     the intermediate process instead.  */
  constexpr uint64_t shared_with_parent
    = CLONE_FILES | CLONE_FS | CLONE_IO | CLONE_SYSVSEM | CLONE_PTRACE;
  /* The flags past the legacy word whose meaning does not depend on
     which process makes the call.  Any other (CLONE_AUTOREAP and
     CLONE_PIDFD_AUTOKILL, which need an exit signal of 0, and every
     flag newer than this library) goes to another strategy.  */
  constexpr uint64_t known_high
    = CLONE_CLEAR_SIGHAND | CLONE_INTO_CGROUP | CLONE_NNP
      | CLONE_EMPTY_MNTNS;
  return req.args.exit_signal == SIGCHLD
	 && (req.args.flags & (CLONE_PARENT | shared_with_parent)) == 0
	 && (req.args.flags & ~(legacy_flags | known_high)) == 0;
}

long
fork_relay (request &req, fork_strategy *used)
{
  *used = fork_strategy::relay;
  relay_failure failed = relay_failure::none;
  long r;
  if (!children_in_own_pid_namespace ())
    {
      failed = relay_failure::before_fork;
      r = -ENOSYS;
    }
  else
    {
      /* fork is no cancellation point, and relay's own calls are raw
	 system calls; but the application's atfork handlers run in the
	 intermediate too, which must not act on a cancellation (its
	 unwinding would run the caller's cleanup handlers and exit,
	 flushing the caller's stdio buffers once more).  Disabled in
	 the intermediate by inheritance; restored in the caller and in
	 the child.  */
      int cancel_state;
      pthread_setcancelstate (PTHREAD_CANCEL_DISABLE, &cancel_state);
      r = relay (req, &failed);
      pthread_setcancelstate (cancel_state, nullptr);
    }
  if (failed == relay_failure::none)
    return r;

  /* What relay alone needs is missing.  A request fork expresses is
     fork's own; any other goes to emulate where it can run (and then
     the handlers run once more: the failed attempt ran them as a failed
     fork does).  */
  if (plain_fork_request (req))
    return glibc_fork (true);
  if (emulate_available (false))
    {
      *used = fork_strategy::emulate;
      return fork_emulate (req, true);
    }
  if (r == -ENOSYS)
    {
      *used = fork_strategy::unavailable;
      return fork_without_strategy (req);
    }
  return r;
}

} // namespace clone3_internal
