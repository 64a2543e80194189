/* Finding the TID field of the calling thread's descriptor.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.  */

#include "nptl-shim.h"

#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef PR_GET_TID_ADDRESS
# define PR_GET_TID_ADDRESS 40
#endif

namespace clone3_internal {

/* glibc starts every thread with its descriptor's TID field as the
   kernel's clear-child-tid address: set_tid_address for the initial
   thread, CLONE_CHILD_CLEARTID for the others.  fork and _Fork pass the
   same address with CLONE_CHILD_SETTID, and so does this library.  */
pid_t *
thread_tid_address ()
{
  int saved = errno;
  pid_t *addr = nullptr;
  long r = syscall (SYS_prctl, PR_GET_TID_ADDRESS, &addr, 0L, 0L, 0L);
  pid_t self = static_cast<pid_t> (syscall (SYS_gettid));
  errno = saved;
  if (r != 0 || addr == nullptr || *addr != self)
    return nullptr;
  return addr;
}

} // namespace clone3_internal
