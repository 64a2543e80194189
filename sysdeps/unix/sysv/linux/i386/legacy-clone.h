/* The legacy clone system call on i386 (CONFIG_CLONE_BACKWARDS).
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.  */

#ifndef _LEGACY_CLONE_H
#define _LEGACY_CLONE_H 1

#include <sys/syscall.h>
#include <unistd.h>

/* The TLS value comes before the child's TID pointer.  */
#define LEGACY_CLONE(flags, stack, ptid, ctid, tls) \
  syscall (SYS_clone, (flags), (stack), (ptid), (tls), (ctid))

#endif /* legacy-clone.h */
