/* A header-only C++17 layer over <clone3.h>.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3.

   libclone3 is free software; you can redistribute it and/or
   modify it under the terms of the GNU Lesser General Public
   License as published by the Free Software Foundation; either
   version 2.1 of the License, or (at your option) any later version.

   libclone3 is distributed in the hope that it will be useful,
   but WITHOUT ANY WARRANTY; without even the implied warranty of
   MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the GNU
   Lesser General Public License for more details.

   You should have received a copy of the GNU Lesser General Public
   License along with libclone3; if not, see
   <https://www.gnu.org/licenses/>.  */

/* What it gives:

     libclone3::pidfd          an owning, move-only process descriptor:
                               wait (), send_signal (), native_handle ()
     libclone3::args_builder   fills a struct clone_args and knows the
                               size to pass with it
     libclone3::fork           clone3_fork (or clone3_fork_raw) with a
                               pidfd, optionally running a callable
     libclone3::spawn          fork and execve, reporting exec failures

   Nothing throws: errors come back as std::error_code (generic
   category, errno values), alone or in a result<T>.  The header builds
   with -fno-exceptions -fno-rtti; it needs -lclone3 and, for
   std::error_code, the C++ standard library.  */

#ifndef _CLONE3_HPP
#define _CLONE3_HPP 1

#if !defined __cplusplus || __cplusplus < 201703L
# error "<clone3.hpp> needs C++17 or later"
#endif

#include <clone3.h>

#include <array>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <system_error>
#include <type_traits>
#include <utility>
#include <vector>

#include <fcntl.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#if !defined SYS_pidfd_send_signal && defined __NR_pidfd_send_signal
# define SYS_pidfd_send_signal __NR_pidfd_send_signal
#endif
#if !defined SYS_pidfd_open && defined __NR_pidfd_open
# define SYS_pidfd_open __NR_pidfd_open
#endif

extern "C" char **environ;

namespace libclone3
{

/* An error_code for the errno value ERR.  */
inline std::error_code
make_error (int err) noexcept
{
  return std::error_code (err, std::generic_category ());
}

/* An error_code for the current errno.  */
inline std::error_code
last_error () noexcept
{
  return make_error (errno);
}

/* A value or an error: VALUE is meaningful only when ERROR is clear.
   An aggregate, so that "auto [v, ec] = f ();" works.  */
template <class T>
struct result
{
  T value{};
  std::error_code error{};

  bool ok () const noexcept { return !error; }
  explicit operator bool () const noexcept { return ok (); }
};

template <class T>
inline result<T>
make_failure (std::error_code ec)
{
  result<T> r;
  r.error = ec;
  return r;
}

/* A read-only view of contiguous Ts: C++17 has no std::span.  It does
   not own what it shows; builders copy out of it.  */
template <class T>
class view
{
public:
  constexpr view () noexcept = default;
  constexpr view (const T *data, std::size_t size) noexcept
    : data_ (data), size_ (size) {}
  template <std::size_t N>
  constexpr view (const T (&a)[N]) noexcept : data_ (a), size_ (N) {}
  template <std::size_t N>
  constexpr view (const std::array<T, N> &a) noexcept
    : data_ (a.data ()), size_ (N) {}
  view (const std::vector<T> &v) noexcept
    : data_ (v.data ()), size_ (v.size ()) {}

  constexpr const T *data () const noexcept { return data_; }
  constexpr std::size_t size () const noexcept { return size_; }
  constexpr bool empty () const noexcept { return size_ == 0; }
  constexpr const T *begin () const noexcept { return data_; }
  constexpr const T *end () const noexcept { return data_ + size_; }
  constexpr const T &operator[] (std::size_t i) const noexcept
  { return data_[i]; }

private:
  const T *data_ = nullptr;
  std::size_t size_ = 0;
};

/* How a child ended (or changed state), from waitid's siginfo_t.  */
struct exit_info
{
  pid_t pid = 0;		/* 0: WNOHANG and nothing to report.  */
  int code = 0;			/* CLD_EXITED, CLD_KILLED, CLD_DUMPED, ...  */
  int status = 0;		/* The exit status or the signal.  */

  bool exited () const noexcept { return code == CLD_EXITED; }
  bool signaled () const noexcept
  { return code == CLD_KILLED || code == CLD_DUMPED; }
  /* The exit status, or -1 if the child did not exit.  */
  int exit_status () const noexcept { return exited () ? status : -1; }
  /* The signal that ended the child, or 0.  */
  int term_signal () const noexcept { return signaled () ? status : 0; }
};

/* An owning process file descriptor: closed exactly once, by the last
   owner; moved, never copied.  */
class pidfd
{
public:
  pidfd () noexcept = default;
  /* Take ownership of FD (or of nothing, if it is negative).  */
  explicit pidfd (int fd) noexcept : fd_ (fd < 0 ? -1 : fd) {}
  pidfd (const pidfd &) = delete;
  pidfd &operator= (const pidfd &) = delete;
  pidfd (pidfd &&other) noexcept : fd_ (other.release ()) {}
  pidfd &operator= (pidfd &&other) noexcept
  {
    if (this != &other)
      reset (other.release ());
    return *this;
  }
  ~pidfd () { reset (); }

  /* A pidfd for PID (pidfd_open).  */
  static result<pidfd>
  open (pid_t pid, unsigned int flags = 0) noexcept
  {
#ifdef SYS_pidfd_open
    long fd = ::syscall (SYS_pidfd_open, pid, flags);
    if (fd < 0)
      return make_failure<pidfd> (last_error ());
    return { pidfd (static_cast<int> (fd)), {} };
#else
    (void) pid;
    (void) flags;
    return make_failure<pidfd> (make_error (ENOSYS));
#endif
  }

  /* The descriptor, for poll, epoll, select (POLLIN once the child has
     ended) and raw system calls; -1 if empty.  Still owned.  */
  int native_handle () const noexcept { return fd_; }
  bool valid () const noexcept { return fd_ >= 0; }
  explicit operator bool () const noexcept { return valid (); }

  /* Give up ownership and return the descriptor.  */
  int release () noexcept
  {
    int fd = fd_;
    fd_ = -1;
    return fd;
  }

  /* Close the descriptor held, if any, and take FD.  */
  void reset (int fd = -1) noexcept
  {
    if (fd_ >= 0 && fd_ != fd)
      /* Linux releases the descriptor even when close fails with
	 EINTR: never retry.  */
      ::close (fd_);
    fd_ = fd < 0 ? -1 : fd;
  }

  /* Send SIG to the process (pidfd_send_signal).  INFO and FLAGS are
     passed through.  */
  std::error_code
  send_signal (int sig, siginfo_t *info = nullptr,
	       unsigned int flags = 0) const noexcept
  {
#ifdef SYS_pidfd_send_signal
    if (::syscall (SYS_pidfd_send_signal, fd_, sig, info, flags) != 0)
      return last_error ();
    return {};
#else
    (void) sig;
    (void) info;
    (void) flags;
    return make_error (ENOSYS);
#endif
  }

  /* Wait for the process with waitid (P_PIDFD); OPTIONS are waitid's
     (WEXITED by default, which reaps it; add WNOHANG to poll, WNOWAIT
     to leave it waitable).  __WALL is added: the pidfd names the
     child, whatever its exit signal (a child with an exit signal other
     than SIGCHLD is invisible to waitid without it).  Retried on EINTR.
     Waiting works only for the process's parent: others get ECHILD.  */
  result<exit_info>
  wait (int options = WEXITED) const noexcept
  {
    /* P_PIDFD is 3 everywhere; glibc before 2.36 does not name it.  */
    constexpr idtype_t p_pidfd = static_cast<idtype_t> (3);
    siginfo_t si{};
    int r;
    do
      r = ::waitid (p_pidfd, static_cast<id_t> (fd_), &si, options | __WALL);
    while (r != 0 && errno == EINTR);
    if (r != 0)
      return make_failure<exit_info> (last_error ());
    exit_info e;
    e.pid = si.si_pid;
    e.code = si.si_pid == 0 ? 0 : si.si_code;
    e.status = si.si_pid == 0 ? 0 : si.si_status;
    return { e, {} };
  }

private:
  int fd_ = -1;
};

/* The deepest PID-namespace nesting the kernel allows
   (MAX_PID_NS_LEVEL), hence the longest set_tid array.  */
inline constexpr std::size_t max_set_tid = 32;

/* Fills a struct clone_args.  It starts as fork () would: no flags,
   exit signal SIGCHLD.  Arrays given to it are copied, so the builder
   is self-contained; args () points into the builder, which must
   outlive the call that uses the block.  */
class args_builder
{
public:
  args_builder () noexcept { clear (); }
  args_builder (const args_builder &o) noexcept { *this = o; }
  args_builder &operator= (const args_builder &o) noexcept
  {
    if (this != &o)
      {
	a_ = o.a_;
	tids_ = o.tids_;
	error_ = o.error_;
	a_.set_tid = a_.set_tid_size != 0 ? ptr (tids_.data ()) : 0;
      }
    return *this;
  }

  /* Back to the starting state.  */
  args_builder &clear () noexcept
  {
    a_ = {};
    a_.exit_signal = SIGCHLD;
    tids_ = {};
    error_ = 0;
    return *this;
  }

  /* Replace the flags (CLONE_*).  */
  args_builder &flags (std::uint64_t f) noexcept
  {
    a_.flags = f;
    return *this;
  }
  /* Add to the flags.  */
  args_builder &add_flags (std::uint64_t f) noexcept
  {
    a_.flags |= f;
    return *this;
  }
  /* The signal the parent gets when the child ends; 0 for none.  The
     kernel refuses (EINVAL) what is not a signal number.  */
  args_builder &exit_signal (int sig) noexcept
  {
    a_.exit_signal = static_cast<std::uint64_t> (static_cast<unsigned int> (sig));
    return *this;
  }
  /* Start the child in the cgroup2 directory open as FD
     (CLONE_INTO_CGROUP); a negative FD clears it.  */
  args_builder &cgroup (int fd) noexcept
  {
    if (fd < 0)
      {
	a_.flags &= ~static_cast<std::uint64_t> (CLONE_INTO_CGROUP);
	a_.cgroup = 0;
      }
    else
      {
	a_.flags |= CLONE_INTO_CGROUP;
	a_.cgroup = static_cast<std::uint64_t> (fd);
      }
    return *this;
  }
  /* The PIDs the child gets, innermost PID namespace first; empty
     clears them.  More than max_set_tid is an error (EINVAL) that the
     call using the block reports.  */
  args_builder &set_tid (view<pid_t> tids) noexcept
  {
    tids_ = {};
    a_.set_tid = 0;
    a_.set_tid_size = 0;
    if (tids.size () > tids_.size ())
      {
	error_ = EINVAL;
	return *this;
      }
    error_ = 0;
    for (std::size_t i = 0; i < tids.size (); ++i)
      tids_[i] = tids[i];
    a_.set_tid_size = tids.size ();
    if (!tids.empty ())
      a_.set_tid = ptr (tids_.data ());
    return *this;
  }
  args_builder &set_tid (const pid_t *tids, std::size_t n) noexcept
  {
    return set_tid (view<pid_t> (tids, n));
  }
  args_builder &set_tid (std::initializer_list<pid_t> tids) noexcept
  {
    return set_tid (view<pid_t> (tids.begin (), tids.size ()));
  }
  /* Store the child's PID at *TID in the parent (CLONE_PARENT_SETTID).  */
  args_builder &parent_tid (pid_t *tid) noexcept
  {
    a_.flags |= CLONE_PARENT_SETTID;
    a_.parent_tid = ptr (tid);
    return *this;
  }
  /* Store a pidfd for the child at *FD (CLONE_PIDFD).  The fork and
     spawn helpers do this themselves.  */
  args_builder &pidfd_out (int *fd) noexcept
  {
    a_.flags |= CLONE_PIDFD;
    a_.pidfd = ptr (fd);
    return *this;
  }
  /* Linux 7.1's flags.  The kernel judges them: one without them says
     EINVAL, and so does one that has them for a combination it does not
     take.  */
  /* The child is reaped as it ends and never becomes a zombie
     (CLONE_AUTOREAP); it takes no exit signal, so this sets it to 0.
     Its status is read through its pidfd (PIDFD_GET_INFO).  */
  args_builder &autoreap () noexcept
  {
    a_.flags |= CLONE_AUTOREAP;
    a_.exit_signal = 0;
    return *this;
  }
  /* The child starts with no_new_privs set (CLONE_NNP).  */
  args_builder &no_new_privs () noexcept
  {
    a_.flags |= CLONE_NNP;
    return *this;
  }
  /* The child is killed when the last reference to its pidfd is closed
     (CLONE_PIDFD_AUTOKILL); the kernel takes it only with a pidfd and
     autoreap (), which this adds.  */
  args_builder &pidfd_autokill () noexcept
  {
    autoreap ();
    a_.flags |= CLONE_PIDFD_AUTOKILL;
    return *this;
  }
  /* The child starts in a new, empty mount namespace
     (CLONE_EMPTY_MNTNS).  */
  args_builder &empty_mount_namespace () noexcept
  {
    a_.flags |= CLONE_EMPTY_MNTNS;
    return *this;
  }
  /* The child's stack: lowest address and size, as the kernel takes it
     (for the callback form only).  */
  args_builder &stack (void *lowest, std::size_t size) noexcept
  {
    a_.stack = ptr (lowest);
    a_.stack_size = size;
    return *this;
  }

  /* The argument block.  */
  const struct clone_args &args () const noexcept { return a_; }
  /* An error found while building (an errno value), or 0.  */
  int error () const noexcept { return error_; }

  /* The size to pass with args (): the smallest version of the
     structure that holds every field in use, so that kernels older than
     the fields in use say E2BIG rather than ignore them, and blocks
     without them run on Linux 5.3.  */
  std::size_t size () const noexcept
  {
    if (a_.cgroup != 0 || (a_.flags & CLONE_INTO_CGROUP) != 0)
      return CLONE_ARGS_SIZE_VER2;
    if (a_.set_tid != 0 || a_.set_tid_size != 0)
      return CLONE_ARGS_SIZE_VER1;
    return CLONE_ARGS_SIZE_VER0;
  }

private:
  template <class P>
  static std::uint64_t ptr (P *p) noexcept
  {
    return static_cast<std::uint64_t> (reinterpret_cast<std::uintptr_t> (p));
  }

  struct clone_args a_;
  std::array<pid_t, max_set_tid> tids_;
  int error_;
};

static_assert (sizeof (struct clone_args) == CLONE_ARGS_SIZE_VER2,
	       "struct clone_args is the kernel's VER2 block");

/* A new process as the parent sees it (PID and an owning pidfd), or, in
   the child of fork, pid 0 and no pidfd.  */
struct child
{
  pid_t pid = 0;
  libclone3::pidfd pidfd;

  bool is_child () const noexcept { return pid == 0; }
  result<exit_info> wait (int options = WEXITED) const noexcept
  { return pidfd.wait (options); }
  std::error_code send_signal (int sig) const noexcept
  { return pidfd.send_signal (sig); }
};

/* Which clone3 entry point a fork helper uses.  */
enum class fork_mode
{
  fork,		/* clone3_fork: fork () semantics, atfork handlers.  */
  raw		/* clone3_fork_raw: _Fork (), async-signal-safe.  */
};

/* Like fork (): returns twice, the child with pid 0 and no pidfd, the
   parent with the child's PID and its pidfd (CLONE_PIDFD is added).  */
inline result<child>
fork (const args_builder &b = args_builder (),
      fork_mode mode = fork_mode::fork) noexcept
{
  if (b.error () != 0)
    return make_failure<child> (make_error (b.error ()));
  struct clone_args a = b.args ();
  int fd = -1;
  a.flags |= CLONE_PIDFD;
  a.pidfd = static_cast<std::uint64_t> (reinterpret_cast<std::uintptr_t> (&fd));
  pid_t pid = mode == fork_mode::raw ? ::clone3_fork_raw (&a, b.size ())
				     : ::clone3_fork (&a, b.size ());
  if (pid < 0)
    return make_failure<child> (last_error ());
  result<child> r;
  if (pid > 0)
    {
      r.value.pid = pid;
      r.value.pidfd.reset (fd);
    }
  return r;
}

/* Fork and run FN () in the child, which then ends with _exit and FN's
   value (converted to int; 0 if FN returns void).  Returns only in the
   parent.  FN should keep to async-signal-safe functions when MODE is
   raw or the caller is multithreaded.  */
template <class F>
inline result<child>
fork (const args_builder &b, F &&fn, fork_mode mode = fork_mode::fork)
{
  result<child> r = libclone3::fork (b, mode);
  if (r.ok () && r.value.is_child ())
    {
      if constexpr (std::is_void_v<std::invoke_result_t<F &>>)
	{
	  fn ();
	  ::_exit (0);
	}
      else
	::_exit (static_cast<int> (fn ()));
    }
  return r;
}

/* Run PATH with ARGV and ENVP (null-terminated, as execve takes them) in
   a child made with B's arguments, with clone3_fork_raw: between the
   fork and the exec the child calls only async-signal-safe functions,
   so this is safe in multithreaded programs.  If the exec fails the
   child is reaped and its errno returned.  */
inline result<child>
spawn (const char *path, char *const argv[], char *const envp[],
       const args_builder &b = args_builder ()) noexcept
{
  if (path == nullptr || argv == nullptr)
    return make_failure<child> (make_error (EINVAL));
  if (envp == nullptr)
    envp = environ;
  /* The child reports a failed exec through a close-on-exec pipe: the
     parent reads end-of-file when the exec succeeds.  */
  int p[2];
  if (::pipe2 (p, O_CLOEXEC) != 0)
    return make_failure<child> (last_error ());
  result<child> r = libclone3::fork (b, fork_mode::raw);
  if (r.ok () && r.value.is_child ())
    {
      ::close (p[0]);
      ::execve (path, argv, envp);
      int err = errno;
      ssize_t n;
      do
	n = ::write (p[1], &err, sizeof err);
      while (n < 0 && errno == EINTR);
      ::_exit (127);
    }
  ::close (p[1]);
  if (!r.ok ())
    {
      int err = r.error.value ();
      ::close (p[0]);
      return make_failure<child> (make_error (err));
    }
  int err = 0;
  ssize_t n;
  do
    n = ::read (p[0], &err, sizeof err);
  while (n < 0 && errno == EINTR);
  ::close (p[0]);
  if (n == static_cast<ssize_t> (sizeof err))
    {
      (void) r.value.pidfd.wait ();
      return make_failure<child> (make_error (err));
    }
  return r;
}

/* spawn with the arguments as a list of strings and this process's
   environment: spawn ("/bin/echo", {"echo", "hi"}, b).  */
inline result<child>
spawn (const char *path, std::initializer_list<const char *> argv,
       const args_builder &b = args_builder ())
{
  std::vector<char *> v;
  v.reserve (argv.size () + 1);
  for (const char *s : argv)
    v.push_back (const_cast<char *> (s));
  v.push_back (nullptr);
  return spawn (path, v.data (), environ, b);
}

} /* namespace libclone3 */

#endif /* clone3.hpp */
