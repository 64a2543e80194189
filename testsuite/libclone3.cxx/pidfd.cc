/* libclone3::pidfd: move-only (no copy, moves transfer ownership and
   leave the source empty), closes its descriptor exactly once (the
   process's descriptor count and the descriptor's state after each
   move, reset and destruction), release gives the descriptor up,
   native_handle polls POLLIN once the child has ended, wait () reaps
   with the exit status and says so again with ECHILD, wait (WNOHANG)
   reports a running child as pid 0, send_signal kills, and
   pidfd::open makes one for an existing PID.  */
/* { dg-do run } */

#include "cxx-test.h"
#include "test-child.h"

#include <type_traits>

using libclone3::pidfd;

static_assert (!std::is_copy_constructible_v<pidfd>);
static_assert (!std::is_copy_assignable_v<pidfd>);
static_assert (std::is_nothrow_move_constructible_v<pidfd>);
static_assert (std::is_nothrow_move_assignable_v<pidfd>);
static_assert (std::is_nothrow_destructible_v<pidfd>);

/* A child that waits for a signal.  */
static libclone3::child
sleeper (void)
{
  auto [c, ec] = libclone3::fork (libclone3::args_builder (), []
    {
      while (pause () == -1)
	;
      return 1;
    });
  if (ec)
    FAIL_EXIT ("fork: %s", ec.message ().c_str ());
  CHECK (c.pid > 0);
  CHECK (c.pidfd.valid ());
  return std::move (c);
}

static int
do_test (void)
{
  int fds = test_count_fds ();

  /* Moves transfer, destruction closes once.  */
  {
    libclone3::child c = sleeper ();
    CHECK_EQ (test_count_fds (), fds + 1);
    int raw = c.pidfd.native_handle ();
    CHECK_EQ (test_fdinfo_pid (raw), c.pid);
    {
      pidfd a (std::move (c.pidfd));
      CHECK (!c.pidfd.valid ());
      CHECK_EQ (c.pidfd.native_handle (), -1);
      CHECK_EQ (a.native_handle (), raw);
      pidfd b;
      CHECK (!b);
      b = std::move (a);
      CHECK (!a);
      CHECK (static_cast<bool> (b));
      CHECK_EQ (b.native_handle (), raw);
      /* Self-move keeps the descriptor.  */
      pidfd &alias = b;
      b = std::move (alias);
      CHECK_EQ (b.native_handle (), raw);
      CHECK (test_fd_open (raw));
      CHECK_EQ (test_count_fds (), fds + 1);
      CHECK_EC (b.send_signal (SIGKILL), 0);
      auto w = b.wait ();
      CHECK (w.ok ());
      CHECK_EQ (w.value.pid, c.pid);
      CHECK (w.value.signaled ());
      CHECK (!w.value.exited ());
      CHECK_EQ (w.value.term_signal (), SIGKILL);
      CHECK_EQ (w.value.exit_status (), -1);
      /* Reaped: a second wait finds no child.  */
      CHECK_EC (b.wait ().error, ECHILD);
      /* The moved-from objects close nothing when they go.  */
    }
    CHECK (!test_fd_open (raw));
    CHECK_EQ (test_count_fds (), fds);
  }

  /* Exactly once: once the owner has closed the descriptor and its
     number has been reused, the moved-from objects leave it alone.  */
  {
    libclone3::child c = sleeper ();
    int raw = c.pidfd.native_handle ();
    CHECK_EC (c.pidfd.send_signal (SIGKILL), 0);
    CHECK (c.pidfd.wait ().ok ());
    int reused = -1;
    {
      pidfd moved_from (std::move (c.pidfd));
      {
	pidfd owner (std::move (moved_from));
      }
      CHECK (!test_fd_open (raw));
      reused = open ("/dev/null", O_RDONLY | O_CLOEXEC);
      CHECK_EQ (reused, raw);
    }
    CHECK (test_fd_open (reused));
    c = libclone3::child ();
    CHECK (test_fd_open (reused));
    CHECK_EQ (close (reused), 0);
  }
  CHECK_EQ (test_count_fds (), fds);

  /* Move assignment closes the descriptor it replaces.  */
  {
    libclone3::child c1 = sleeper ();
    libclone3::child c2 = sleeper ();
    int raw1 = c1.pidfd.native_handle ();
    int raw2 = c2.pidfd.native_handle ();
    CHECK_EQ (test_count_fds (), fds + 2);
    /* Keep a duplicate to reap the first child with.  */
    pidfd keep (fcntl (raw1, F_DUPFD_CLOEXEC, 0));
    CHECK (keep.valid ());
    c1.pidfd = std::move (c2.pidfd);
    CHECK (!test_fd_open (raw1));
    CHECK_EQ (c1.pidfd.native_handle (), raw2);
    CHECK_EQ (test_count_fds (), fds + 2);
    CHECK_EC (keep.send_signal (SIGTERM), 0);
    CHECK_EC (c1.pidfd.send_signal (SIGTERM), 0);
    auto w1 = keep.wait ();
    auto w2 = c1.pidfd.wait ();
    CHECK (w1.ok () && w2.ok ());
    CHECK_EQ (w1.value.term_signal (), SIGTERM);
    CHECK_EQ (w2.value.pid, c2.pid);
    CHECK_EQ (w2.value.term_signal (), SIGTERM);
  }
  CHECK_EQ (test_count_fds (), fds);

  /* release gives the descriptor up; reset takes another.  */
  {
    libclone3::child c = sleeper ();
    int raw = c.pidfd.release ();
    CHECK (!c.pidfd.valid ());
    CHECK (test_fd_open (raw));
    pidfd p;
    p.reset (raw);
    CHECK_EQ (p.native_handle (), raw);
    p.reset (raw);		/* The same descriptor: kept, not closed.  */
    CHECK (test_fd_open (raw));
    CHECK_EC (p.send_signal (SIGKILL), 0);
    CHECK (p.wait ().ok ());
    p.reset ();
    CHECK (!test_fd_open (raw));
  }
  CHECK_EQ (test_count_fds (), fds);

  /* wait () gives the exit status; WNOHANG says "still running";
     native_handle polls.  */
  for (int status : { 0, 1, 42, 255 })
    {
      int go[2];
      CHECK_EQ (pipe2 (go, O_CLOEXEC), 0);
      auto [c, ec] = libclone3::fork (libclone3::args_builder (), [&]
	{
	  char x;
	  close (go[1]);
	  while (read (go[0], &x, 1) < 0 && errno == EINTR)
	    ;
	  return status;
	});
      CHECK (!ec);
      auto running = c.wait (WEXITED | WNOHANG);
      CHECK (running.ok ());
      CHECK_EQ (running.value.pid, 0);
      CHECK (!running.value.exited () && !running.value.signaled ());
      CHECK (!test_poll_in (c.pidfd.native_handle (), 0));
      close (go[0]);
      CHECK_EQ (close (go[1]), 0);
      CHECK (test_poll_in (c.pidfd.native_handle (), 10000));
      /* WNOWAIT looks without reaping.  */
      auto peek = c.wait (WEXITED | WNOWAIT);
      CHECK (peek.ok ());
      CHECK_EQ (peek.value.exit_status (), status);
      auto w = c.wait ();
      CHECK (w.ok ());
      CHECK_EQ (w.value.pid, c.pid);
      CHECK (w.value.exited ());
      CHECK_EQ (w.value.code, CLD_EXITED);
      CHECK_EQ (w.value.exit_status (), status);
      CHECK_EQ (w.value.term_signal (), 0);
    }
  CHECK_EQ (test_count_fds (), fds);

  /* pidfd::open, on a child made without one.  */
  {
    pid_t pid = fork ();
    CHECK (pid >= 0);
    if (pid == 0)
      _exit (9);
    auto [p, ec] = pidfd::open (pid);
    CHECK (!ec);
    CHECK_EQ (test_fdinfo_pid (p.native_handle ()), pid);
    auto w = p.wait ();
    CHECK (w.ok ());
    CHECK_EQ (w.value.exit_status (), 9);
    CHECK_EC (pidfd::open (-5).error, EINVAL);
  }

  test_expect_no_child ();
  CHECK_EQ (test_count_fds (), fds);
  return 0;
}
