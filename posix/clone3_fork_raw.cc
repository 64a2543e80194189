/* clone3_fork_raw: _Fork with clone3's arguments.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.  */

#include "nptl-shim.h"

using namespace clone3_internal;

/* Async-signal-safe: no handlers, no locks, no allocation.  */
extern "C" __attribute__ ((visibility ("default"))) pid_t
clone3_fork_raw (struct clone_args *cl_args, size_t size) __THROW
{
  errno_guard guard;
  request_mapping map;
  request req;
  long r = load_request (cl_args, size, &req, &map);
  if (r == 0)
    r = check_fork_request (req);
  /* Without clone3, a request the legacy call cannot make fails before
     any handler runs or any process is made.  */
  if (r == 0 && clone3_known_missing ())
    r = check_legacy_request (req);
  if (r == 0)
    {
      r = fork_emulate (req, false);
      /* Where the child cannot be repaired, _Fork still makes the child
	 of a request that asks for no more than it (plain-fork.cc).  */
      if (r == -ENOSYS && plain_fork_request (req))
	r = glibc_fork (false);
    }
  return guard.finish (r);
}
