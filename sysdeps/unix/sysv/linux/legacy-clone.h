/* The legacy clone system call, generic argument order.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.

   The kernel's clone takes its five arguments in one of several orders
   (CONFIG_CLONE_BACKWARDS*).  This is the kernel's default one, used by
   x86-64; an architecture with another order has its own legacy-clone.h
   in its sysdeps directory, found first (include it with angle
   brackets).  */

#ifndef _LEGACY_CLONE_H
#define _LEGACY_CLONE_H 1

#include <sys/syscall.h>
#include <unistd.h>

#define LEGACY_CLONE(flags, stack, ptid, ctid, tls) \
  syscall (SYS_clone, (flags), (stack), (ptid), (ctid), (tls))

/* The inverse, for a call trapped by the dispatch strategy: the five
   arguments in the order above.  */
struct legacy_clone_args
{
  unsigned long flags, stack, ptid, ctid, tls;
};

static inline struct legacy_clone_args
legacy_clone_decode (const long a[5])
{
  return { (unsigned long) a[0], (unsigned long) a[1], (unsigned long) a[2],
	   (unsigned long) a[3], (unsigned long) a[4] };
}

#endif /* legacy-clone.h */
