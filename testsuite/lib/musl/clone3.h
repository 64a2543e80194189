/* <clone3.h> for the test suite run against a patched musl.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.

   With configure --with-musl=DIR the tests are compiled against the
   headers of the musl built with patches/musl and installed into DIR
   (patches/check-musl makes it), and linked with its libc, not with
   libclone3.  This directory comes first on the include path, so the
   tests' #include <clone3.h> lands here.  musl declares the API in
   <sched.h> under _GNU_SOURCE: struct clone_args, the CLONE_* and
   CLONE_ARGS_SIZE_* constants, clone3, clone3_fork and clone3_fork_raw.
   This header adds only what musl does not have, and nothing that would
   hide a difference: if musl lacked a declaration, a test would not
   compile.  */

#ifndef _CLONE3_H
#define _CLONE3_H 1

#ifndef _GNU_SOURCE
# define _GNU_SOURCE 1
#endif

#include <sched.h>

#if defined __GLIBC__ || !defined CLONE_ARGS_SIZE_VER2
# error "this <clone3.h> is for a musl with the patches/musl series"
#endif

/* The harness (clone3-test.h) reports a test that forces a strategy of
   the standalone library as UNSUPPORTED: musl has one fork.  */
#define CLONE3_TEST_GLIBC 1
#define CLONE3_TEST_LIBC "musl"

#ifdef __cplusplus
extern "C" {
#endif

/* The standalone library's clone3_fork_strategy (): musl's clone3_fork
   is its own fork, with no strategy to choose or force.  Tests only
   print the name.  */
static inline const char *
clone3_fork_strategy (void)
{
  return "musl";
}

#ifdef __cplusplus
}
#endif

#endif /* clone3.h */
