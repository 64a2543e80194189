/* The dispatch strategy: the SIGSYS handler.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.

   While a window is open, every system call of the thread arrives here.
   glibc's clone becomes clone3 with the caller's arguments; a thread or
   vfork cannot be made here (its new task would start inside this
   handler); rt_sigprocmask acts on the mask the handler's return
   restores; every other call is re-issued as it was made.  A SIGSYS
   that is not the dispatch's goes to the application's handler.

   Where the architecture has a trampoline for it (CLONE3_SUD_RESUME),
   the handler does not make the clone3 itself: it makes its own return
   resume in that trampoline, inside the always-allowed region, which
   makes the clone3 and then returns to glibc as the trapped call would
   have.  The process is then copied without the signal frame on its
   stack, so neither process writes to the frame's pages again (each
   such write costs a copy-on-write fault) and the child needs no
   rt_sigreturn.  */

#include "dispatch.h"

#if CLONE3_HAVE_SUD

/* The architecture's own, through the sysdeps include path.  */
#include <legacy-clone.h>

#include <string.h>
#include <sys/single_threaded.h>
#include <sys/syscall.h>
#include <ucontext.h>

namespace clone3_internal {
namespace dispatch {

namespace {

/* Re-issue a trapped call from the handler; the raw kernel result.  */
long
reissue (long nr, const long a[6])
{
  return internal_syscall (nr, a[0], a[1], a[2], a[3], a[4], a[5]);
}

/* A new task that starts on a stack of its own (a thread, or
   posix_spawn's child) would start inside this handler; only fork-like
   children, which get a copy of it, can be created here.  */
constexpr unsigned long thread_flags
  = CLONE_VM | CLONE_THREAD | CLONE_SIGHAND | CLONE_SETTLS;

/* The result of the trapped clone in *RESULT; or false if the handler's
   return has been made to issue clone3 (sud::resume_with_clone3), so
   that the trapped call's result must be left alone.  */
bool
trapped_clone (ucontext_t *uc, const long a[6], long *result)
{
  legacy_clone_args c = legacy_clone_decode (a);
  if ((c.flags & thread_flags) != 0 || c.stack != 0)
    {
      *result = -EAGAIN;
      return true;
    }
  frame *f = self.top;
  if (f == nullptr || f->phase != frame_phase::armed)
    {
      *result = reissue (SYS_clone, a);
      return true;
    }

  /* glibc's fork: CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | SIGCHLD
     with its thread descriptor's TID field.  Keep its TID handling, take
     everything else from the caller.  */
  f->phase = frame_phase::cloned;
  /* Read where the clone is made, after the application's prepare
     handlers; hook_child puts them back.  */
  internal_signals_save (f->req->args.flags, &f->internal);
  request r = *f->req;
  r.args.flags |= c.flags & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID);
  r.args.child_tid = c.ctid;
#if CLONE3_SUD_RESUME
  /* Once clone3 is known to be missing, the legacy call is made here.  */
  if (!clone3_known_missing ())
    {
      f->resume.req = r;
      legacy_clone_args legacy = {};
      f->resume.legacy_error = legacy_clone_arguments (r, &legacy);
      legacy_clone_registers (legacy, f->resume.legacy);
      if (sud::resume_with_clone3 (uc, &f->resume))
	{
	  if (__libc_single_threaded)
	    retire_in_handler (f, uc);
	  return false;
	}
    }
#else
  (void) uc;
#endif
  *result = fork_syscall (r);
  return true;
}

long
trapped_clone3 (const long a[6])
{
  struct clone_args args {};
  size_t n = static_cast<size_t> (a[1]) < sizeof args
	     ? static_cast<size_t> (a[1]) : sizeof args;
  if (n >= CLONE_ARGS_SIZE_VER0
      && copy_from_caller (&args, reinterpret_cast<const void *> (a[0]), n)
	 == 0
      && ((args.flags & thread_flags) != 0 || args.stack != 0))
    return -EAGAIN;
  return reissue (SYS_clone3, a);
}

/* The mask a handler's return restores is the one in its ucontext:
   rt_sigprocmask acts on that, and never blocks SIGSYS.  clone3_fork puts
   the caller's own mask back when the window closes.  */
long
trapped_sigprocmask (ucontext_t *uc, const long a[6])
{
  if (static_cast<size_t> (a[3]) != kernel_sigset_size)
    return -EINVAL;
  uint64_t cur;
  memcpy (&cur, &uc->uc_sigmask, sizeof cur);
  uint64_t next = cur;
  if (a[1] != 0)
    {
      /* fork changes the mask inside the window: retire_in_handler
	 must not replace it.  */
      frame *f = self.top;
      if (f != nullptr && f->phase == frame_phase::armed)
	f->mask_changed = true;
      uint64_t set;
      if (copy_from_caller (&set, reinterpret_cast<const void *> (a[1]),
			    sizeof set) != 0)
	return -EFAULT;
      switch (a[0])
	{
	case SIG_BLOCK:
	  next |= set;
	  break;
	case SIG_UNBLOCK:
	  next &= ~set;
	  break;
	case SIG_SETMASK:
	  next = set;
	  break;
	default:
	  return -EINVAL;
	}
    }
  if (a[2] != 0)
    memcpy (reinterpret_cast<void *> (a[2]), &cur, sizeof cur);
  next &= ~(sigbit (SIGKILL) | sigbit (SIGSTOP) | sigbit (SIGSYS));
  memcpy (&uc->uc_sigmask, &next, sizeof next);
  return 0;
}

/* How chain calls the application's handler on its alternate stack.  */
struct chained_call
{
  kernel_sigaction act;
  int sig;
  siginfo_t *info;
  void *ctx;
};
__thread chained_call *chained __attribute__ ((tls_model ("initial-exec")));

void
call_application (const chained_call &c)
{
  if ((c.act.flags & SA_SIGINFO) != 0)
    c.act.handler (c.sig, c.info, c.ctx);
  else
    /* Through void (*) (void), the generic function pointer type.  */
    reinterpret_cast<void (*) (int)> (
      reinterpret_cast<void (*) (void)> (c.act.handler)) (c.sig);
}

void
call_chained ()
{
  call_application (*chained);
}

} // anonymous namespace

/* A SIGSYS that is not ours: a seccomp SECCOMP_RET_TRAP on any thread,
   say.  Dispatch is not used while the application has a SIGSYS handler
   (dispatch_yields), so the application has none here unless it set one
   just before the library installed its own (install_handler then keeps
   it in saved_action).  That handler is called as the kernel would have
   called it: with the mask it asked for, on its alternate stack, reset
   by SA_RESETHAND.  Its ucontext is the library's handler's, which
   describes the trapped call, so what it changes there (a result
   register) takes effect when the library's handler returns.  */
void
chain (int sig, siginfo_t *info, void *ctx)
{
  chained_call c = { saved_action, sig, info, ctx };
  if (!application_handler (c.act))
    {
      /* Not handled: what the kernel does with a forced signal that is
	 ignored or not handled, the default action (which ends the
	 process), once this handler returns; SIGSYS is not blocked in
	 it.  */
      kernel_sigaction dfl {};
      sigsys_action (&dfl, nullptr);
      long pid = internal_syscall (SYS_getpid);
      long tid = internal_syscall (SYS_gettid);
      /* Cannot fail: to the calling thread, a valid signal.  */
      internal_syscall (SYS_tgkill, pid, tid, SIGSYS);
      return;
    }
  if ((c.act.flags & SA_RESETHAND) != 0)
    /* The lock cannot be taken here; a plain store suffices for a
       handler that is not to run again.  */
    saved_action = {};

  /* The mask of the interrupted code, the handler's own, and SIGSYS
     unless SA_NODEFER.  */
  const ucontext_t *uc = static_cast<const ucontext_t *> (ctx);
  uint64_t mask;
  memcpy (&mask, &uc->uc_sigmask, sizeof mask);
  mask |= c.act.mask;
  if ((c.act.flags & SA_NODEFER) == 0)
    mask |= sigbit (SIGSYS);
  mask &= ~(sigbit (SIGKILL) | sigbit (SIGSTOP));
  sigset_t set {};
  memcpy (&set, &mask, sizeof mask);

  stack_t ss;
  if ((c.act.flags & SA_ONSTACK) != 0
      && internal_syscall (SYS_sigaltstack, nullptr, &ss) == 0
      && (ss.ss_flags & (SS_DISABLE | SS_ONSTACK)) == 0)
    {
      /* To the alternate stack and back, with the handler's mask in
	 between: swapcontext sets the mask, and the return through
	 uc_link restores this handler's.  */
      ucontext_t here, there;
      if (getcontext (&there) == 0)
	{
	  there.uc_stack.ss_sp = ss.ss_sp;
	  there.uc_stack.ss_size = ss.ss_size;
	  there.uc_stack.ss_flags = 0;
	  there.uc_link = &here;
	  there.uc_sigmask = set;
	  makecontext (&there, call_chained, 0);
	  chained_call *outer = chained;
	  chained = &c;
	  swapcontext (&here, &there);
	  chained = outer;
	  return;
	}
    }
  sigset_t old;
  set_signal_mask (SIG_SETMASK, &set, &old);
  call_application (c);
  set_signal_mask (SIG_SETMASK, &old, nullptr);
}

void
sigsys_handler (int sig, siginfo_t *info, void *ctx)
{
  /* The handler's own system calls must not trap.  */
  char selector = self.selector;
  self.selector = SYSCALL_DISPATCH_FILTER_ALLOW;
  /* What it calls of libc's (getcontext, and the application's
     handler) may write errno.  */
  int saved_errno = errno;

  ucontext_t *uc = static_cast<ucontext_t *> (ctx);
  if (info->si_code != SYS_USER_DISPATCH)
    chain (sig, info, ctx);
  else
    {
      long a[6];
      sud::syscall_args (uc, a);
      long nr = sud::syscall_nr (uc);
      long r;
      bool set = true;
      switch (nr)
	{
	case SYS_clone:
	  set = trapped_clone (uc, a, &r);
	  break;
	case SYS_clone3:
	  r = trapped_clone3 (a);
	  break;
#ifdef SYS_vfork
	case SYS_vfork:
	  r = -EAGAIN;
	  break;
#endif
	case SYS_rt_sigprocmask:
	  r = trapped_sigprocmask (uc, a);
	  break;
	default:
	  r = reissue (nr, a);
	  break;
	}
      if (set)
	sud::set_result (uc, r);
    }

  errno = saved_errno;
  /* With no clone3_fork in progress in this thread the dispatch is off
     (retire_in_handler may just have turned it off): leave the selector
     open for the next dispatch_on.  */
  self.selector = self.depth == 0 ? SYSCALL_DISPATCH_FILTER_ALLOW : selector;
}

} // namespace dispatch
} // namespace clone3_internal

#endif /* CLONE3_HAVE_SUD */
