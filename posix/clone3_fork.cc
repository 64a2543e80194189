/* clone3_fork: fork with clone3's arguments.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.  */

#include "fork.h"

using namespace clone3_internal;

extern "C" __attribute__ ((visibility ("default"))) pid_t
clone3_fork (struct clone_args *cl_args, size_t size) __THROWNL
{
  ensure_initialised ();
  request_mapping map;
  request req;
  long r = load_fork_request (cl_args, size, &req, &map);
  /* An interposer of fork built on clone3_fork, called by a strategy:
     its fork is glibc's, which the strategy shapes.  */
  if (r == 0 && fork_called_back (req))
    r = glibc_own_fork ();
  else if (r == 0)
    {
      fork_strategy s = fork_strategy_choose (&req);
      switch (s)
	{
	case fork_strategy::dispatch:
	  r = fork_dispatch (req);
	  break;
	case fork_strategy::relay:
	  r = fork_relay (req, &s);
	  break;
	case fork_strategy::emulate:
	  r = fork_emulate (req, true);
	  break;
	default:
	  /* No strategy serves this request here (or a forced strategy
	     cannot run): the kernel still judges its arguments.  */
	  r = fork_without_strategy (req);
	  break;
	}
      if (r > 0)
	fork_strategy_record (s);
      /* No strategy could make the child (emulate fails before it runs
	 anything), and the request asks only for what fork makes: fork
	 makes it.  Not when a strategy was forced by name.  */
      else if (r == -ENOSYS
	       && (s == fork_strategy::unavailable
		   || s == fork_strategy::emulate)
	       && plain_fork_request (req) && !fork_strategy_forced ())
	r = glibc_fork (true);
    }
  return public_result (r);
}
