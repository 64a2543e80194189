/* Syscall User Dispatch on RISC-V: not used yet.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.

   The kernel dispatches RISC-V system calls (a7 holds the number, a0-a5
   the arguments, a0 the result), but a handler cannot return from the
   dispatch window the way the other architectures do.  RISC-V has no
   SA_RESTORER: the kernel always returns from a signal handler through
   the vDSO's __vdso_rt_sigreturn, and only x86 exempts its vDSO's
   sigreturn from dispatch (arch_syscall_is_vdso_sigreturn), so with the
   selector blocking, the handler's own return would trap again.  The
   fix is to make the always-allowed region the vDSO trampoline itself,
   found through AT_SYSINFO_EHDR and the vDSO's dynamic symbol table,
   instead of a restorer of our own; nptl-shim/dispatch.cc would take
   the region from here rather than from __clone3_sud_restorer.  Until
   then the dispatch strategy is left out.  */

#ifndef _SUD_H
#define _SUD_H 1

#define CLONE3_HAVE_SUD 0

#endif /* sud.h */
