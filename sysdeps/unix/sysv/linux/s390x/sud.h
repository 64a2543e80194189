/* Syscall User Dispatch on s390x: a trapped system call's registers.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.  */

#ifndef _SUD_H
#define _SUD_H 1

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <ucontext.h>

/* Whether the dispatch strategy may use the kernel's Syscall User
   Dispatch here.  The first argument travels in %r2, which also carries
   the result; the kernel keeps it as orig_gpr2 and syscall_rollback puts
   it back, but __do_syscall (arch/s390/kernel/syscall.c, 6.1 and the
   current source alike) then stores -ENOSYS into %r2 for the skipped
   call before the signal frame is written, and the frame has no
   orig_gpr2: no handler can re-issue a call faithfully (a futex wait
   without its address, rt_sigprocmask without HOW).  The probe in
   nptl-shim/dispatch.cc checks that all six arguments of its trapped
   call arrive, so such a kernel is refused at run time (measured under
   qemu-system with Debian's 6.1: refused), and relay or emulate serve;
   a kernel that kept %r2 would pass the probe with this code as is.  */
#define CLONE3_HAVE_SUD 1

namespace clone3_internal {
namespace sud {

/* The number is not in a register: svc carries it in its second byte,
   or in %r1 when that byte is 0 (numbers above 255, clone3 among them).
   The PSW address is just past the two-byte svc, and the kernel does not
   rewind it for a dispatched call.  */
inline long
syscall_nr (const ucontext_t *uc)
{
  unsigned char insn[2];
  memcpy (insn, reinterpret_cast<const void *> (uc->uc_mcontext.psw.addr - 2),
	  sizeof insn);
  if (insn[0] != 0x0a)		/* Not svc (an EXECUTE of one, say).  */
    return -1;
  return insn[1] != 0 ? insn[1] : uc->uc_mcontext.gregs[1] & 0xffff;
}

/* Arguments in %r2-%r7; %r2 as the kernel left it (see above).  */
inline void
syscall_args (const ucontext_t *uc, long a[6])
{
  const unsigned long *r = uc->uc_mcontext.gregs;
  for (int i = 0; i < 6; ++i)
    a[i] = static_cast<long> (r[2 + i]);
}

/* What the trapped call returns when the handler returns.  */
inline void
set_result (ucontext_t *uc, long value)
{
  uc->uc_mcontext.gregs[2] = static_cast<unsigned long> (value);
}

} // namespace sud
} // namespace clone3_internal

#include "sud-restorer.h"

#endif /* sud.h */
