/* A request that fork itself expresses, served by the GNU C Library.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.

   Where no strategy can make clone3_fork's child (qemu-user, which has
   neither PR_GET_TID_ADDRESS nor clone3; a seccomp profile that refuses
   get_robust_list; a program that loaded libclone3 with dlopen), a
   request with nothing of clone3's own (no flags, SIGCHLD, no set_tid)
   asks for exactly the child glibc's fork makes, and _Fork's for
   clone3_fork_raw: those make it, with every repair, instead of the
   call failing with ENOSYS.  */

#include "nptl-shim.h"

#include <unistd.h>

namespace clone3_internal {

bool
plain_fork_request (const request &req)
{
  /* check_fork_request has refused a stack and the thread flags; the
     pointer fields mean nothing without their flags.  */
  return req.args.flags == 0 && req.args.exit_signal == SIGCHLD
	 && req.args.set_tid_size == 0;
}

long
glibc_fork (bool handlers)
{
  pid_t pid = handlers ? fork () : _Fork ();
  return pid < 0 ? -errno : pid;
}

} // namespace clone3_internal
