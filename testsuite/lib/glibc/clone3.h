/* <clone3.h> for the test suite run against a patched glibc.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.

   With configure --with-glibc-build=DIR the tests are compiled against
   the headers of the glibc built with patches/glibc (installed into a
   scratch sysroot, see patches/glibc/README) and linked with its libc,
   not with libclone3.  This directory comes first on the include path,
   so the tests' #include <clone3.h> lands here.  glibc declares the API
   in <sched.h> under _GNU_SOURCE: struct clone_args, the CLONE_* and
   CLONE_ARGS_SIZE_* constants, clone3, clone3_fork and clone3_fork_raw.
   This header adds only what glibc does not have, and nothing that
   would hide a difference: if glibc lacked a declaration, a test would
   not compile.  */

#ifndef _CLONE3_H
#define _CLONE3_H 1

#ifndef _GNU_SOURCE
# define _GNU_SOURCE 1
#endif

#include <sched.h>

#if !defined __GLIBC__ || !defined CLONE_ARGS_SIZE_VER2
# error "this <clone3.h> is for a glibc with the patches/glibc series"
#endif

/* The harness (clone3-test.h) reports a test that forces a strategy of
   the standalone library as UNSUPPORTED: glibc has one fork.  */
#define CLONE3_TEST_GLIBC 1

#ifdef __cplusplus
extern "C" {
#endif

/* The standalone library's clone3_fork_strategy (): glibc's clone3_fork
   is its own fork, with no strategy to choose or force.  Tests only
   print the name.  */
static inline const char *
clone3_fork_strategy (void)
{
  return "glibc";
}

#ifdef __cplusplus
}
#endif

#endif /* clone3.h */
