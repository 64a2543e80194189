/* Choosing clone3_fork's strategy.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.  */

#include "fork.h"

#include <stdlib.h>
#include <string.h>
#include <sys/single_threaded.h>

namespace clone3_internal {

namespace {

/* What CLONE3_FORK_STRATEGY forces: none, a strategy, or unavailable
   for a name that is none; read at load time (fork_strategy_init)
   rather than inside clone3_fork, which may run in a signal handler.  */
int forced = static_cast<int> (fork_strategy::none);
/* The strategy of the last successful clone3_fork, or none.  Both are
   kept as ints: the atomic builtins take no enum.  */
int last_used = static_cast<int> (fork_strategy::none);

fork_strategy
load_strategy (const int *p)
{
  return static_cast<fork_strategy> (__atomic_load_n (p, __ATOMIC_RELAXED));
}

constexpr const char *names[] = { "dispatch", "relay", "emulate" };

fork_strategy
read_forced ()
{
  const char *env = getenv ("CLONE3_FORK_STRATEGY");
  if (env == nullptr || *env == '\0')
    return fork_strategy::none;
  for (size_t i = 0; i < sizeof names / sizeof names[0]; ++i)
    if (strcmp (env, names[i]) == 0)
      return static_cast<fork_strategy> (i);
  return fork_strategy::unavailable;
}

fork_strategy
forced_value ()
{
  return load_strategy (&forced);
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

void
fork_strategy_init ()
{
  __atomic_store_n (&forced, static_cast<int> (read_forced ()),
		    __ATOMIC_RELAXED);
}

fork_strategy
fork_strategy_choose (const request *req)
{
  const fork_strategy f = forced_value ();
  fork_strategy s;
  if (f != fork_strategy::none)
    s = f;
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
      if (f == fork_strategy::none && relay_usable (req))
	return fork_strategy::relay;
      return fork_strategy::unavailable;
    default:
      return fork_strategy::unavailable;
    }
}

bool
fork_strategy_forced ()
{
  return forced_value () != fork_strategy::none;
}

void
fork_strategy_record (fork_strategy s)
{
  /* Read first: a store would cost the parent a copy-on-write fault on
     this page after every fork.  */
  if (load_strategy (&last_used) != s)
    __atomic_store_n (&last_used, static_cast<int> (s), __ATOMIC_RELAXED);
}

} // namespace clone3_internal

using namespace clone3_internal;

extern "C" __attribute__ ((visibility ("default"))) const char *
clone3_fork_strategy (void) __THROW
{
  ensure_initialised ();
  fork_strategy s = load_strategy (&last_used);
  if (s == fork_strategy::none)
    s = fork_strategy_choose (nullptr);
  if (s == fork_strategy::unavailable || s == fork_strategy::none)
    return "none";
  return names[static_cast<int> (s)];
}
