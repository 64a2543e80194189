/* <clone3.hpp> in the dialect a libc-side program uses: no exceptions,
   no RTTI.  Builds every part of the layer and runs a fork, a spawn,
   a signal and the waits.  */
/* { dg-do run } */
/* { dg-options "-fno-exceptions -fno-rtti" } */

#include "cxx-test.h"

#if defined __cpp_exceptions || defined __EXCEPTIONS
# error "built with exceptions"
#endif
#if defined __cpp_rtti || defined __GXX_RTTI
# error "built with RTTI"
#endif

static int
do_test (void)
{
  libclone3::args_builder b;
  b.flags (CLONE_CLEAR_SIGHAND).exit_signal (SIGCHLD).set_tid ({});
  auto c = libclone3::fork (b, [] { return 4; });
  CHECK (c.ok ());
  CHECK_EQ (c.value.wait ().value.exit_status (), 4);

  auto s = libclone3::spawn ("/bin/sleep", { "sleep", "60" }, b);
  CHECK (s.ok ());
  CHECK (!s.value.send_signal (SIGKILL));
  auto w = s.value.wait ();
  CHECK (w.ok ());
  CHECK_EQ (w.value.term_signal (), SIGKILL);

  auto f = libclone3::spawn ("/bin/false", { "false" });
  CHECK_EQ (f.value.wait ().value.exit_status (), 1);

  auto bad = libclone3::fork (libclone3::args_builder ().exit_signal (-1));
  CHECK (bad.error == std::errc::invalid_argument);
  return 0;
}
