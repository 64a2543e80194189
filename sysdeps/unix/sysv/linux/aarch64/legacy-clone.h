/* The legacy clone system call on aarch64: TLS before the child TID, the
   order in which glibc's clone passes them to this kernel.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.  */

#include <legacy-clone-backwards.h>
#include_next <legacy-clone.h>
