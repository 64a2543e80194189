/* The argument positions of the legacy clone system call with the TLS
   value before the child TID pointer (CONFIG_CLONE_BACKWARDS), for an
   architecture's legacy-clone.h to include before the generic one.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.  */

#define LEGACY_CLONE_FLAGS 0
#define LEGACY_CLONE_STACK 1
#define LEGACY_CLONE_PTID 2
#define LEGACY_CLONE_TLS 3
#define LEGACY_CLONE_CTID 4
