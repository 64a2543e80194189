/* Syscall User Dispatch: architectures the dispatch strategy does not
   support yet.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.

   An architecture whose kernel can dispatch system calls provides its own
   sud.h (register access of a trapped call) and sud-restorer.S in its
   sysdeps directory.  */

#ifndef _SUD_H
#define _SUD_H 1

#define CLONE3_HAVE_SUD 0

#endif /* sud.h */
