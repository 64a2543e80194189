/* Syscall User Dispatch on x86-64: a trapped system call's registers.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.  */

#ifndef _SUD_H
#define _SUD_H 1

/* The layout of sud::fork_resume, for sud-restorer.S too.  The clone3
   arguments (a request: struct clone_args, then its size) are at offset
   0, so the block's address is clone3's first argument.  */
#define SUD_RESUME_RDI 528	/* The trapped call's registers, given back.  */
#define SUD_RESUME_RSI 536
#define SUD_RESUME_RDX 544
#define SUD_RESUME_R10 552
#define SUD_RESUME_R8 560
#define SUD_RESUME_R9 568
#define SUD_RESUME_RIP 576	/* The address after its syscall.  */
#define SUD_RESUME_LEGACY 584	/* The legacy clone's five arguments.  */
#define SUD_RESUME_LEGACY_ERROR 624	/* Or the result instead of it.  */
#define SUD_RESUME_ENOSYS 632	/* Set when clone3 said ENOSYS.  */

#ifndef __ASSEMBLER__

#include "clone3-internal.h"

#include <stddef.h>
#include <signal.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <ucontext.h>

/* Whether the kernel can dispatch this architecture's system calls.  */
#define CLONE3_HAVE_SUD 1

/* Whether the trapped clone of glibc's fork can be made after the
   handler has returned (sud::resume_with_clone3), rather than inside it.  */
#define CLONE3_SUD_RESUME 1

extern "C" void __clone3_sud_fork_resume (void)
  __attribute__ ((visibility ("hidden")));

namespace clone3_internal {
namespace sud {

/* The kernel rolls a dispatched call back: %rax holds its number again,
   and the arguments are where the call put them.  */
inline long
syscall_nr (const ucontext_t *uc)
{
  return uc->uc_mcontext.gregs[REG_RAX];
}

inline void
syscall_args (const ucontext_t *uc, long a[6])
{
  const greg_t *r = uc->uc_mcontext.gregs;
  a[0] = r[REG_RDI];
  a[1] = r[REG_RSI];
  a[2] = r[REG_RDX];
  a[3] = r[REG_R10];
  a[4] = r[REG_R8];
  a[5] = r[REG_R9];
}

/* What the trapped call returns when the handler returns.  */
inline void
set_result (ucontext_t *uc, long value)
{
  uc->uc_mcontext.gregs[REG_RAX] = value;
}

/* What sud-restorer.S's __clone3_sud_fork_resume works from.  */
struct fork_resume
{
  request req;			/* What clone3 is given.  */
  uint64_t rdi, rsi, rdx, r10, r8, r9;	/* The trapped call's.  */
  uint64_t rip;			/* The address after its syscall.  */
  /* Where clone3 says ENOSYS: the arguments of the legacy clone that
     makes the same child, in the system call's order
     (legacy_clone_registers), or, if LEGACY_ERROR is not 0, that result
     instead.  */
  unsigned long legacy[5];
  int64_t legacy_error;
  unsigned char enosys;		/* Set there when clone3 says ENOSYS.  */
};

static_assert (offsetof (fork_resume, req) == 0
	       && offsetof (request, args) == 0, "clone3's argument");
static_assert (offsetof (fork_resume, rdi) == SUD_RESUME_RDI, "rdi");
static_assert (offsetof (fork_resume, rsi) == SUD_RESUME_RSI, "rsi");
static_assert (offsetof (fork_resume, rdx) == SUD_RESUME_RDX, "rdx");
static_assert (offsetof (fork_resume, r10) == SUD_RESUME_R10, "r10");
static_assert (offsetof (fork_resume, r8) == SUD_RESUME_R8, "r8");
static_assert (offsetof (fork_resume, r9) == SUD_RESUME_R9, "r9");
static_assert (offsetof (fork_resume, rip) == SUD_RESUME_RIP, "rip");
static_assert (offsetof (fork_resume, legacy) == SUD_RESUME_LEGACY,
	       "legacy");
static_assert (offsetof (fork_resume, legacy_error)
	       == SUD_RESUME_LEGACY_ERROR, "legacy_error");
static_assert (offsetof (fork_resume, enosys) == SUD_RESUME_ENOSYS,
	       "enosys");

/* Make the handler's return issue clone3 with R->req and then resume the
   trapped code after its call, with clone3's result in %rax and every
   other register but %rcx and %r11 as the trapped call left it.  R must
   stay valid until then, and is only read afterwards, except when clone3
   says ENOSYS: then R->enosys is set and R->legacy's clone is made
   instead (or R->legacy_error given as the result), so that the handler
   need not be there any more.  False if the block is not in the request
   (an outline block), or if the trapped instruction is not a
   syscall (int $0x80, say), which the trampoline could not stand for.  */
inline bool
resume_with_clone3 (ucontext_t *uc, fork_resume *r)
{
  greg_t *g = uc->uc_mcontext.gregs;
  const unsigned char *insn
    = reinterpret_cast<const unsigned char *> (g[REG_RIP]) - 2;
  /* The trampoline finds the block at clone3's first argument: not for
     a block kept outside the request.  */
  if (insn[0] != 0x0f || insn[1] != 0x05 || r->req.outline != nullptr)
    return false;
  r->rdi = static_cast<uint64_t> (g[REG_RDI]);
  r->rsi = static_cast<uint64_t> (g[REG_RSI]);
  r->rdx = static_cast<uint64_t> (g[REG_RDX]);
  r->r10 = static_cast<uint64_t> (g[REG_R10]);
  r->r8 = static_cast<uint64_t> (g[REG_R8]);
  r->r9 = static_cast<uint64_t> (g[REG_R9]);
  r->rip = static_cast<uint64_t> (g[REG_RIP]);
  r->enosys = 0;
  g[REG_RAX] = SYS_clone3;
  g[REG_RDI] = reinterpret_cast<greg_t> (&r->req.args);
  g[REG_RSI] = static_cast<greg_t> (r->req.size);
  g[REG_RIP] = reinterpret_cast<greg_t> (&__clone3_sud_fork_resume);
  return true;
}

} // namespace sud
} // namespace clone3_internal

#include "sud-restorer.h"

#endif /* !__ASSEMBLER__ */
#endif /* sud.h */
