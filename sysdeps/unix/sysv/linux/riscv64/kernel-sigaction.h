/* The kernel's struct sigaction on RISC-V: no sa_restorer (signal
   handlers return through the vDSO's __vdso_rt_sigreturn).
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.  */

#define KERNEL_SIGACTION_NO_RESTORER 1
#include_next <kernel-sigaction.h>
