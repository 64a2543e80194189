/* The library's initialisation, in one place and in a stated order.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.  */

#include "fork.h"

#include <pthread.h>

namespace clone3_internal {

namespace {

pthread_once_t once = PTHREAD_ONCE_INIT;
bool initialised;

void
library_init ()
{
  /* glibc's descriptor layout, by dlsym, which is not async-signal-safe:
     here, not in clone3_fork.  */
  thread_descriptor_init ();
  /* CLONE3_FORK_STRATEGY, by getenv: here, not in a signal handler's
     clone3_fork.  */
  fork_strategy_init ();
  /* The atfork hooks.  glibc runs prepare handlers newest first and the
     others oldest first: dispatch's, registered first of all, open its
     window after every other prepare handler (relay's included, whose
     system calls it then need not trap) and close it before any other
     parent or child handler runs.  */
  dispatch_init ();
  relay_init ();
  __atomic_store_n (&initialised, true, __ATOMIC_RELEASE);
}

/* When the library is loaded, or in a static program before main:
   before the application's constructors, unless the loader runs those
   first.  */
__attribute__ ((constructor)) void
init_at_load ()
{
  pthread_once (&once, library_init);
}

} // anonymous namespace

void
ensure_initialised ()
{
  /* After the constructor, a load; before it (another library's
     constructor calls clone3_fork first), the initialisation itself.
     The reference also links this file into a static program.  */
  if (!__atomic_load_n (&initialised, __ATOMIC_ACQUIRE))
    pthread_once (&once, library_init);
}

} // namespace clone3_internal
