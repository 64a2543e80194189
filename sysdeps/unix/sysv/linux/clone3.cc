/* The clone3 callback wrapper for architectures without a clone3.S.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.

   An architecture provides <arch>/clone3.S, which replaces this file.
   Without one, every request takes the legacy clone fallback.  */

#include "clone3-internal.h"

long
__clone3_raw (struct clone_args *, size_t, int (*) (void *), void *)
{
  return -ENOSYS;
}
