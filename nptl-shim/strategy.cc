/* Choosing clone3_fork's strategy.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.  */

#include "nptl-shim.h"

#include <stdlib.h>
#include <string.h>
#include <sys/single_threaded.h>

namespace clone3_internal {

namespace {

/* What CLONE3_FORK_STRATEGY forces: -1 not read yet, 0 nothing, else
   1 + a fork_strategy (unavailable standing for an unknown name).  */
int forced = -1;
/* 1 + the strategy of the last successful clone3_fork, or 0.  */
int last_used;

constexpr const char *names[] = { "dispatch", "relay", "emulate" };

int
read_forced ()
{
  const char *env = getenv ("CLONE3_FORK_STRATEGY");
  if (env == nullptr || *env == '\0')
    return 0;
  for (size_t i = 0; i < sizeof names / sizeof names[0]; ++i)
    if (strcmp (env, names[i]) == 0)
      return 1 + static_cast<int> (i);
  return 1 + static_cast<int> (fork_strategy::unavailable);
}

/* Read the environment at load time rather than inside clone3_fork,
   which may run in a signal handler.  */
__attribute__ ((constructor)) void
forced_init ()
{
  __atomic_store_n (&forced, read_forced (), __ATOMIC_RELAXED);
}

/* FORCED, read now if the constructor has not run yet.  */
int
forced_value ()
{
  int f = __atomic_load_n (&forced, __ATOMIC_RELAXED);
  if (f < 0)
    {
      f = read_forced ();
      __atomic_store_n (&forced, f, __ATOMIC_RELAXED);
    }
  return f;
}

/* Whether relay can make REQ's child (nullptr: a request every strategy
   can serve).  relay repairs the child in the intermediate process,
   after the caller's handlers have run, so the calling thread's TID
   field and robust list must be found first (qemu-user has no
   PR_GET_TID_ADDRESS, say).  */
bool
relay_usable (const request *req)
{
  return (req == nullptr || relay_can_serve (*req)) && thread_doors_open ();
}

} // anonymous namespace

fork_strategy
fork_strategy_choose (const request *req)
{
  int f = forced_value ();
  fork_strategy s;
  if (f > 0)
    s = static_cast<fork_strategy> (f - 1);
  else if (dispatch_available ())
    s = fork_strategy::dispatch;
  else if (!__libc_single_threaded)
    s = fork_strategy::relay;
  else
    s = fork_strategy::emulate;
  /* The application owns SIGSYS: as where dispatch cannot run.  */
  if (s == fork_strategy::dispatch && dispatch_yields ())
    s = __libc_single_threaded ? fork_strategy::emulate
	: fork_strategy::relay;

  switch (s)
    {
    case fork_strategy::dispatch:
      return dispatch_available () ? s : fork_strategy::unavailable;
    case fork_strategy::relay:
      /* relay cannot give the child another exit signal or another
	 parent: emulate serves those requests.  */
      if (req != nullptr && !relay_can_serve (*req))
	return emulate_available (false) ? fork_strategy::emulate
	       : fork_strategy::unavailable;
      return thread_doors_open () ? s : fork_strategy::unavailable;
    case fork_strategy::emulate:
      if (emulate_available (req == nullptr))
	return s;
      /* A static program, or a library loaded too late to interpose:
	 unless emulate was asked for by name, relay still gives fork's
	 semantics.  */
      if (f == 0 && relay_usable (req))
	return fork_strategy::relay;
      return fork_strategy::unavailable;
    default:
      return fork_strategy::unavailable;
    }
}

bool
fork_strategy_forced ()
{
  return forced_value () > 0;
}

void
fork_strategy_record (fork_strategy s)
{
  /* Read first: a store would cost the parent a copy-on-write fault on
     this page after every fork.  */
  int used = 1 + static_cast<int> (s);
  if (__atomic_load_n (&last_used, __ATOMIC_RELAXED) != used)
    __atomic_store_n (&last_used, used, __ATOMIC_RELAXED);
}

} // namespace clone3_internal

using namespace clone3_internal;

extern "C" __attribute__ ((visibility ("default"))) const char *
clone3_fork_strategy (void) __THROW
{
  int last = __atomic_load_n (&last_used, __ATOMIC_RELAXED);
  fork_strategy s = last > 0 ? static_cast<fork_strategy> (last - 1)
		    : fork_strategy_choose (nullptr);
  if (s == fork_strategy::unavailable)
    return "none";
  return names[static_cast<int> (s)];
}
