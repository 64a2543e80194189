/* libclone3::args_builder: starts as fork () does (no flags, SIGCHLD,
   everything else zero, 64 bytes), sets flags, exit signal, cgroup
   (with CLONE_INTO_CGROUP, 88 bytes) and set_tid (80 bytes) from an
   initializer list, a std::array, a C array, a std::vector or a pointer
   and a count, copying the PIDs (copies of the builder point at their
   own), clears each again, records too long a set_tid as EINVAL, sets
   parent_tid and pidfd_out with their flags, sets Linux 7.1's flags
   (autoreap and pidfd_autokill with exit signal 0, the latter with
   CLONE_AUTOREAP too; no_new_privs; empty_mount_namespace), and its
   block works:
   CLONE_PARENT_SETTID stores the PID, and as root set_tid places the
   child at the PID asked for.  */
/* { dg-do run } */

#include "cxx-test.h"
#include "test-child.h"
#include "test-system.h"

#include <array>
#include <cstdint>
#include <vector>

using libclone3::args_builder;

static std::uint64_t
addr (const void *p)
{
  return reinterpret_cast<std::uintptr_t> (p);
}

/* The set_tid array of B holds exactly WANT, in B's own storage.  */
static void
check_tids (const args_builder &b, std::initializer_list<pid_t> want,
	    const void *source)
{
  const struct clone_args &a = b.args ();
  CHECK_EQ (a.set_tid_size, want.size ());
  CHECK (a.set_tid != 0);
  CHECK (a.set_tid != addr (source));
  CHECK (a.set_tid >= addr (&b) && a.set_tid < addr (&b) + sizeof b);
  const pid_t *got = reinterpret_cast<const pid_t *> (a.set_tid);
  std::size_t i = 0;
  for (pid_t p : want)
    CHECK_EQ (got[i++], p);
  CHECK_EQ (b.size (), CLONE_ARGS_SIZE_VER1);
  CHECK_EQ (b.error (), 0);
}

static void
check_zero_except_flags_signal (const struct clone_args &a)
{
  CHECK_EQ (a.pidfd, 0);
  CHECK_EQ (a.child_tid, 0);
  CHECK_EQ (a.parent_tid, 0);
  CHECK_EQ (a.stack, 0);
  CHECK_EQ (a.stack_size, 0);
  CHECK_EQ (a.tls, 0);
  CHECK_EQ (a.set_tid, 0);
  CHECK_EQ (a.set_tid_size, 0);
  CHECK_EQ (a.cgroup, 0);
}

static int
do_test (void)
{
  static_assert (sizeof (struct clone_args) == 88);
  int fds = test_count_fds ();

  args_builder b;
  CHECK_EQ (b.args ().flags, 0);
  CHECK_EQ (b.args ().exit_signal, SIGCHLD);
  check_zero_except_flags_signal (b.args ());
  CHECK_EQ (b.size (), CLONE_ARGS_SIZE_VER0);
  CHECK_EQ (b.error (), 0);

  /* Flags and the exit signal.  */
  b.flags (CLONE_NEWUTS | CLONE_NEWIPC).add_flags (CLONE_CLEAR_SIGHAND);
  CHECK_EQ (b.args ().flags, CLONE_NEWUTS | CLONE_NEWIPC | CLONE_CLEAR_SIGHAND);
  CHECK_EQ (b.size (), CLONE_ARGS_SIZE_VER0);
  b.flags (CLONE_NEWNS);
  CHECK_EQ (b.args ().flags, CLONE_NEWNS);
  b.exit_signal (0);
  CHECK_EQ (b.args ().exit_signal, 0);
  b.exit_signal (SIGUSR2);
  CHECK_EQ (b.args ().exit_signal, SIGUSR2);
  check_zero_except_flags_signal (b.args ());

  /* The cgroup: the flag and the field, and the largest block.  */
  b.cgroup (7);
  CHECK_EQ (b.args ().flags, CLONE_NEWNS | CLONE_INTO_CGROUP);
  CHECK_EQ (b.args ().cgroup, 7);
  CHECK_EQ (b.size (), CLONE_ARGS_SIZE_VER2);
  b.cgroup (0);			/* Descriptor 0 is a descriptor.  */
  CHECK_EQ (b.args ().flags, CLONE_NEWNS | CLONE_INTO_CGROUP);
  CHECK_EQ (b.size (), CLONE_ARGS_SIZE_VER2);
  b.cgroup (-1);
  CHECK_EQ (b.args ().flags, CLONE_NEWNS);
  CHECK_EQ (b.args ().cgroup, 0);
  CHECK_EQ (b.size (), CLONE_ARGS_SIZE_VER0);

  /* set_tid from each kind of sequence.  */
  {
    std::initializer_list<pid_t> il = { 300, 2 };
    b.set_tid (il);
    check_tids (b, { 300, 2 }, il.begin ());
  }
  b.set_tid ({ 11 });
  check_tids (b, { 11 }, nullptr);
  std::array<pid_t, 3> arr = { 1, 2, 3 };
  b.set_tid (arr);
  check_tids (b, { 1, 2, 3 }, arr.data ());
  pid_t carr[2] = { 40, 41 };
  b.set_tid (carr);
  check_tids (b, { 40, 41 }, carr);
  std::vector<pid_t> vec = { 9, 8, 7, 6 };
  b.set_tid (vec);
  check_tids (b, { 9, 8, 7, 6 }, vec.data ());
  b.set_tid (vec.data () + 1, 2);
  check_tids (b, { 8, 7 }, vec.data () + 1);
  /* The array is a copy: changing the source changes nothing.  */
  vec[1] = 100;
  check_tids (b, { 8, 7 }, vec.data () + 1);

  /* A copy of the builder points at its own array.  */
  {
    args_builder *heap = new args_builder (b);
    check_tids (*heap, { 8, 7 }, &b);
    args_builder c;
    c = *heap;
    delete heap;
    check_tids (c, { 8, 7 }, &b);
    CHECK_EQ (c.args ().flags, CLONE_NEWNS);
    CHECK_EQ (c.args ().exit_signal, SIGUSR2);
  }

  /* Both VER1 and VER2 fields: VER2.  */
  b.cgroup (3);
  CHECK_EQ (b.size (), CLONE_ARGS_SIZE_VER2);
  b.cgroup (-1);
  CHECK_EQ (b.size (), CLONE_ARGS_SIZE_VER1);

  /* Empty clears.  */
  b.set_tid ({});
  CHECK_EQ (b.args ().set_tid, 0);
  CHECK_EQ (b.args ().set_tid_size, 0);
  CHECK_EQ (b.size (), CLONE_ARGS_SIZE_VER0);

  /* The kernel's limit, and one past it.  */
  std::vector<pid_t> many (libclone3::max_set_tid, 1);
  b.set_tid (many);
  CHECK_EQ (b.args ().set_tid_size, libclone3::max_set_tid);
  CHECK_EQ (b.error (), 0);
  many.push_back (1);
  b.set_tid (many);
  CHECK_EQ (b.error (), EINVAL);
  CHECK_EQ (b.args ().set_tid, 0);
  CHECK_EQ (b.args ().set_tid_size, 0);
  b.set_tid ({ 5 });
  CHECK_EQ (b.error (), 0);

  /* Linux 7.1's flags.  */
  b.clear ().autoreap ();
  CHECK_EQ (b.args ().flags, CLONE_AUTOREAP);
  CHECK_EQ (b.args ().exit_signal, 0);
  b.clear ().pidfd_autokill ();
  CHECK_EQ (b.args ().flags, CLONE_PIDFD_AUTOKILL | CLONE_AUTOREAP);
  CHECK_EQ (b.args ().exit_signal, 0);
  b.clear ().no_new_privs ().empty_mount_namespace ();
  CHECK_EQ (b.args ().flags, CLONE_NNP | CLONE_EMPTY_MNTNS);
  CHECK_EQ (b.args ().exit_signal, SIGCHLD);
  check_zero_except_flags_signal (b.args ());
  CHECK_EQ (b.size (), CLONE_ARGS_SIZE_VER0);

  /* parent_tid and pidfd_out.  */
  pid_t ptid = -1;
  int pfd = -1;
  b.clear ();
  CHECK_EQ (b.args ().exit_signal, SIGCHLD);
  check_zero_except_flags_signal (b.args ());
  b.parent_tid (&ptid).pidfd_out (&pfd);
  CHECK_EQ (b.args ().flags, CLONE_PARENT_SETTID | CLONE_PIDFD);
  CHECK_EQ (b.args ().parent_tid, addr (&ptid));
  CHECK_EQ (b.args ().pidfd, addr (&pfd));
  CHECK_EQ (b.size (), CLONE_ARGS_SIZE_VER0);

  /* The block as clone3_fork takes it.  */
  {
    struct clone_args a = b.args ();
    pid_t pid = clone3_fork (&a, b.size ());
    CHECK (pid >= 0);
    if (pid == 0)
      _exit (0);
    CHECK_EQ (ptid, pid);
    CHECK (pfd >= 0);
    CHECK_EQ (test_fdinfo_pid (pfd), pid);
    libclone3::pidfd owner (pfd);
    auto w = owner.wait ();
    CHECK (w.ok ());
    CHECK_EQ (w.value.exit_status (), 0);
  }

  /* And through the fork helper, which brings its own pidfd.  */
  ptid = -1;
  {
    args_builder pb;
    pb.parent_tid (&ptid);
    auto [c, ec] = libclone3::fork (pb, [] { return 3; });
    CHECK (!ec);
    CHECK_EQ (ptid, c.pid);
    CHECK_EQ (c.wait ().value.exit_status (), 3);
  }

  /* set_tid places the child (needs privilege over the PID
     namespace).  */
  if (test_privileged ())
    {
      int done = 0;
      for (pid_t want = 4000 + getpid () % 20000; !done; want += 7)
	{
	  args_builder tb;
	  tb.set_tid ({ want });
	  auto [c, ec] = libclone3::fork (tb, [want]
	    {
	      return getpid () == want ? 0 : 1;
	    });
	  if (ec == std::errc::file_exists)
	    continue;		/* Taken: try another.  */
	  if (ec)
	    FAIL_EXIT ("set_tid %d: %s", (int) want, ec.message ().c_str ());
	  CHECK_EQ (c.pid, want);
	  CHECK_EQ (c.wait ().value.exit_status (), 0);
	  done = 1;
	}
    }
  else
    printf ("not root: set_tid placement not tried\n");

  test_expect_no_child ();
  CHECK_EQ (test_count_fds (), fds);
  return 0;
}
