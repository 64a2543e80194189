/* clone3_fork_raw: _Fork with clone3's arguments.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.  */

#include "fork.h"

using namespace clone3_internal;

/* Async-signal-safe: no handlers, no locks, no allocation.  */
extern "C" __attribute__ ((visibility ("default"))) pid_t
clone3_fork_raw (struct clone_args *cl_args, size_t size) __THROW
{
  ensure_initialised ();
  request_mapping map;
  request req;
  long r = load_fork_request (cl_args, size, &req, &map);
  if (r == 0)
    {
      r = fork_emulate (req, false);
      /* Where the child cannot be repaired, _Fork still makes the child
	 of a request that asks for no more than it (plain-fork.cc).  */
      if (r == -ENOSYS && plain_fork_request (req))
	r = glibc_fork (false);
    }
  return public_result (r);
}
