/* The legacy clone system call, in the architecture's argument order.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.

   The kernel's clone takes its five arguments in one of several orders
   (CONFIG_CLONE_BACKWARDS*).  An architecture whose order is not the
   kernel's default has its own legacy-clone.h in its sysdeps directory,
   found first (include this file with angle brackets), which defines
   the LEGACY_CLONE_* positions below (legacy-clone-backwards.h has the
   commonest other order) and then includes this file with
   #include_next.  */

#ifndef _LEGACY_CLONE_H
#define _LEGACY_CLONE_H 1

#include <sys/syscall.h>
#include <sysdep.h>

/* The position of each argument: the kernel's default order, that of
   x86-64 and loongarch64.  */
#ifndef LEGACY_CLONE_FLAGS
# define LEGACY_CLONE_FLAGS 0
# define LEGACY_CLONE_STACK 1
# define LEGACY_CLONE_PTID 2
# define LEGACY_CLONE_CTID 3
# define LEGACY_CLONE_TLS 4
#endif

struct legacy_clone_args
{
  unsigned long flags, stack, ptid, ctid, tls;
};

/* C's five arguments in the order the system call takes them.  */
static inline void
legacy_clone_registers (const struct legacy_clone_args &c,
			unsigned long a[5])
{
  a[LEGACY_CLONE_FLAGS] = c.flags;
  a[LEGACY_CLONE_STACK] = c.stack;
  a[LEGACY_CLONE_PTID] = c.ptid;
  a[LEGACY_CLONE_CTID] = c.ctid;
  a[LEGACY_CLONE_TLS] = c.tls;
}

/* The legacy clone system call, fork-style (no stack); returns the
   kernel's raw result.  */
static inline long
legacy_clone (const struct legacy_clone_args &c)
{
  unsigned long a[5];
  legacy_clone_registers (c, a);
  return clone3_internal::internal_syscall (SYS_clone, a[0], a[1], a[2],
					    a[3], a[4]);
}

/* The inverse, for a call trapped by the dispatch strategy.  */
static inline struct legacy_clone_args
legacy_clone_decode (const long a[5])
{
  return { (unsigned long) a[LEGACY_CLONE_FLAGS],
	   (unsigned long) a[LEGACY_CLONE_STACK],
	   (unsigned long) a[LEGACY_CLONE_PTID],
	   (unsigned long) a[LEGACY_CLONE_CTID],
	   (unsigned long) a[LEGACY_CLONE_TLS] };
}

#endif /* legacy-clone.h */
