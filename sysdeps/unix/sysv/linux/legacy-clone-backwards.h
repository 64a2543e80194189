/* The legacy clone system call with the TLS value before the child TID
   pointer (CONFIG_CLONE_BACKWARDS, and glibc's order on aarch64 and
   riscv64).
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.  */

#ifndef _LEGACY_CLONE_BACKWARDS_H
#define _LEGACY_CLONE_BACKWARDS_H 1

#include <sys/syscall.h>
#include <unistd.h>

/* The TLS value comes before the child's TID pointer.  */
#define LEGACY_CLONE(flags, stack, ptid, ctid, tls) \
  syscall (SYS_clone, (flags), (stack), (ptid), (tls), (ctid))

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
	   (unsigned long) a[4], (unsigned long) a[3] };
}

#endif /* legacy-clone-backwards.h */
