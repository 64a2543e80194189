/* Syscall User Dispatch on LoongArch 64: a trapped system call's
   registers, and the vDSO's signal return as the always-allowed region.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.

   LoongArch has no SA_RESTORER: the kernel always returns from a signal
   handler through the vDSO's __vdso_rt_sigreturn (sud-vdso.h).  The
   system call entry (arch/loongarch/kernel/syscall.c, do_syscall) saves
   $a0 in orig_a0 and stores -ENOSYS there before the dispatch runs; the
   dispatch's syscall_rollback puts orig_a0 back, so the signal frame has
   all six arguments (unlike s390x, whose entry clobbers the first one
   after the rollback).  */

#ifndef _SUD_H
#define _SUD_H 1

#include <ucontext.h>

#include "sud-vdso.h"

#define CLONE3_HAVE_SUD 1

namespace clone3_internal {
namespace sud {

/* $a7 ($r11) holds the number, $a0-$a5 ($r4-$r9) the arguments, $a0 the
   result.  */
constexpr int reg_a0 = 4;
constexpr int reg_a7 = 11;

inline long
syscall_nr (const ucontext_t *uc)
{
  return static_cast<long> (uc->uc_mcontext.__gregs[reg_a7]);
}

inline void
syscall_args (const ucontext_t *uc, long a[6])
{
  for (int i = 0; i < 6; ++i)
    a[i] = static_cast<long> (uc->uc_mcontext.__gregs[reg_a0 + i]);
}

inline void
set_result (ucontext_t *uc, long value)
{
  uc->uc_mcontext.__gregs[reg_a0] = static_cast<unsigned long long> (value);
}

} // namespace sud
} // namespace clone3_internal

#endif /* sud.h */
