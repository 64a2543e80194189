/* clone3_fork's dispatch strategy: glibc's own fork, its clone system call
   turned into clone3 by Syscall User Dispatch.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.

   glibc's fork does everything a fork child needs (atfork handlers, its
   stdio, malloc, NSS and loader locks, the TID and robust list) and then
   makes one clone system call.  Syscall User Dispatch (Linux 5.11) lets a
   thread have its system calls delivered as SIGSYS while a selector byte
   says so.  clone3_fork calls fork with the selector armed for as short a
   stretch as the library can see: from its own prepare handler, which
   runs last because it is registered first, to its own parent or child
   handler, which runs first.  The SIGSYS handler turns glibc's clone into
   clone3 with the caller's arguments and re-issues every other call
   faithfully.

   Signals other than SIGSYS are held from the call until the library's
   parent or child handler, so that no signal handler runs while the
   selector blocks, and so that no signal handler's own fork can be
   mistaken for the caller's.  SIGSYS itself stays deliverable: a trapped
   call with SIGSYS blocked would kill the process.

   The handler's own return is a system call too.  The architecture's
   sud.h says how it returns and which code the dispatch always lets
   through: a restorer of the library's own where rt_sigaction takes one,
   the vDSO's sigreturn where it does not.

   Where the architecture has a trampoline for it (CLONE3_SUD_RESUME),
   the handler does not make the clone3 itself: it makes its own return
   resume in that trampoline, inside the always-allowed region, which
   makes the clone3 and then returns to glibc as the trapped call would
   have.  The process is then copied without the signal frame on its
   stack, so neither process writes to the frame's pages again (each
   such write costs a copy-on-write fault) and the child needs no
   rt_sigreturn.  */

#include "clone3-signals.h"
#include "lowlevellock.h"
#include "nptl-shim.h"

/* The architecture's own, through the sysdeps include path.  */
#include <legacy-clone.h>
#include <sud.h>

#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/single_threaded.h>
#include <sys/wait.h>
#include <ucontext.h>
#include <unistd.h>

#ifndef PR_SET_SYSCALL_USER_DISPATCH
# define PR_SET_SYSCALL_USER_DISPATCH 59
# define PR_SYS_DISPATCH_OFF 0
# define PR_SYS_DISPATCH_ON 1
#endif
#ifndef SYSCALL_DISPATCH_FILTER_ALLOW
# define SYSCALL_DISPATCH_FILTER_ALLOW 0
# define SYSCALL_DISPATCH_FILTER_BLOCK 1
#endif
#ifndef SYS_USER_DISPATCH
# define SYS_USER_DISPATCH 2
#endif

namespace clone3_internal {

#if CLONE3_HAVE_SUD

namespace {

/* The kernel's sigset_t, which is what ucontext's mask holds.  */
constexpr size_t kernel_sigset_size = _NSIG / 8;	/* See clone3-signals.cc.  */
static_assert (kernel_sigset_size == sizeof (uint64_t), "64 signals");

constexpr uint64_t
sigbit (int sig)
{
  return uint64_t (1) << (sig - 1);
}

/* One clone3_fork call in this thread; lives on that call's stack.
   Calls nest: an atfork prepare handler, or a signal handler, may call
   clone3_fork while an outer call waits for its own fork's prepare (the
   pending stack) or is in its window (the armed stack).  */
struct dispatch_frame
{
  dispatch_frame *prev;		/* The next outer armed frame.  */
  dispatch_frame *below;	/* The next outer pending frame.  */
  const request *req;
  sigset_t saved_mask;
  long setup_error;		/* Why hook_prepare could not set up.  */
  bool set_up;			/* Counted in depth and in the installs.  */
  bool armed;			/* Our prepare ran, our parent/child not yet.  */
  bool consumed;		/* Its clone has become a clone3.  */
  bool mask_restored;		/* The caller's mask is back.  */
  bool action_restored;		/* The application's SIGSYS action was put
				   back before the process was copied.  */
  bool mask_changed;		/* fork changed the mask in the window.  */
  internal_signal_actions internal;	/* For a CLONE_CLEAR_SIGHAND child.  */
#if CLONE3_SUD_RESUME
  sud::fork_resume resume;	/* For the clone3 made after the handler.  */
#endif
};

struct dispatch_thread
{
  char selector;		/* The dispatch selector byte.  */
  unsigned int depth;		/* Frames set up: dispatch is on if not 0.  */
  dispatch_frame *pending;	/* Frames waiting for their fork's prepare,
				   innermost first.  */
  dispatch_frame *top;		/* The innermost armed frame.  */
};

/* initial-exec: the handler must not allocate TLS lazily.  */
__thread dispatch_thread self __attribute__ ((tls_model ("initial-exec")));

/* 0 or a negated errno.  */
long
raw_sigaction (int sig, const sud::kernel_sigaction *act,
	       sud::kernel_sigaction *old)
{
#ifdef CLONE3_SUD_SYSCALL4
  return sud::syscall4 (SYS_rt_sigaction, sig,
			reinterpret_cast<long> (act),
			reinterpret_cast<long> (old), kernel_sigset_size);
#else
  return syscall (SYS_rt_sigaction, sig, act, old, kernel_sigset_size) == 0
	 ? 0 : -errno;
#endif
}

void
raw_sigmask (int how, const sigset_t *set, sigset_t *old)
{
#ifdef CLONE3_SUD_SYSCALL4
  sud::syscall4 (SYS_rt_sigprocmask, how, reinterpret_cast<long> (set),
		 reinterpret_cast<long> (old), kernel_sigset_size);
#else
  syscall (SYS_rt_sigprocmask, how, set, old, kernel_sigset_size);
#endif
}

/* Re-issue a trapped call from the handler; the raw kernel result.  */
long
reissue (long nr, const long a[6])
{
  long r = syscall (nr, a[0], a[1], a[2], a[3], a[4], a[5]);
  return r == -1 ? -errno : r;
}

/* A new task that starts on a stack of its own (a thread, or
   posix_spawn's child) would start inside this handler; only fork-like
   children, which get a copy of it, can be created here.  */
constexpr unsigned long thread_flags
  = CLONE_VM | CLONE_THREAD | CLONE_SIGHAND | CLONE_SETTLS;

#if CLONE3_SUD_RESUME
void retire_in_handler (dispatch_frame *f, ucontext_t *uc);
#endif

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
  dispatch_frame *f = self.top;
  if (f != nullptr && f->consumed)
    f = nullptr;
  if (f == nullptr)
    {
      *result = reissue (SYS_clone, a);
      return true;
    }

  /* glibc's fork: CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | SIGCHLD
     with its thread descriptor's TID field.  Keep its TID handling, take
     everything else from the caller.  */
  f->consumed = true;
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
  struct clone_args args;
  size_t n = static_cast<size_t> (a[1]) < sizeof args
	     ? static_cast<size_t> (a[1]) : sizeof args;
  memset (&args, 0, sizeof args);
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
      dispatch_frame *f = self.top;
      if (f != nullptr && !f->consumed)
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

/* The handler is installed only while some thread is dispatching; the
   application's action is kept and restored.  The count of threads that
   have it installed, and its lock, are written by every clone3_fork, so
   they live where a fork does not charge the parent for them: on a page
   the child does not inherit (MADV_WIPEONFORK, Linux 4.14), whose page
   table entries fork leaves writable.  In the library's data they would
   be write-protected by every fork, and the next clone3_fork would take
   a fault to write them (measured here: about 1 us; 2 us for the copy
   while the child still shares the page).  */
struct install_state
{
  futex_lock lock;
  unsigned int count;
};

/* Set once, by the first install_handler; where MADV_WIPEONFORK is not
   to be had, static_installs.  */
install_state *installs;
install_state static_installs;

/* Written only when the application's action changes.  */
sud::kernel_sigaction saved_action;

install_state *
installs_get ()
{
  install_state *s = __atomic_load_n (&installs, __ATOMIC_ACQUIRE);
  if (s != nullptr)
    return s;
  size_t page = getauxval (AT_PAGESZ);
  void *p = mmap (nullptr, page, PROT_READ | PROT_WRITE,
		  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  s = &static_installs;
  if (p != MAP_FAILED)
    {
      if (madvise (p, page, MADV_WIPEONFORK) == 0)
	s = static_cast<install_state *> (p);
      else
	munmap (p, page);
    }
  install_state *expected = nullptr;
  if (!__atomic_compare_exchange_n (&installs, &expected, s, false,
				    __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
    {
      /* Another thread was first.  */
      if (s != &static_installs)
	munmap (s, page);
      s = expected;
    }
  return s;
}

void sigsys_handler (int sig, siginfo_t *info, void *ctx);
void probe_handler (int sig, siginfo_t *info, void *ctx);

/* Whether ACT is the application's own handler: not the default action,
   not ignored, not one of the library's.  */
bool
application_handler (const sud::kernel_sigaction &act)
{
  uintptr_t h = reinterpret_cast<uintptr_t> (act.handler);
  return (h != reinterpret_cast<uintptr_t> (SIG_DFL)
	  && h != reinterpret_cast<uintptr_t> (SIG_IGN)
	  && act.handler != sigsys_handler && act.handler != probe_handler);
}

/* Put ACT back as SIGSYS's action in place of the library's handler.
   If the library's was not there any more, another thread of the
   application set an action of its own meanwhile: that one stays.  */
void
put_back_action (const sud::kernel_sigaction *act)
{
  sud::kernel_sigaction old;
  memset (&old, 0, sizeof old);
  if (raw_sigaction (SIGSYS, act, &old) == 0
      && old.handler != sigsys_handler && old.handler != probe_handler)
    raw_sigaction (SIGSYS, &old, nullptr);
}

/* How chain calls the application's handler on its alternate stack.  */
struct chained_call
{
  sud::kernel_sigaction act;
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
      sud::kernel_sigaction dfl;
      memset (&dfl, 0, sizeof dfl);
      raw_sigaction (SIGSYS, &dfl, nullptr);
      syscall (SYS_tgkill, getpid (), syscall (SYS_gettid), SIGSYS);
      return;
    }
  if ((c.act.flags & SA_RESETHAND) != 0)
    {
      /* The lock cannot be taken here; a plain store suffices for a
	 handler that is not to run again.  */
      memset (&saved_action, 0, sizeof saved_action);
    }

  /* The mask of the interrupted code, the handler's own, and SIGSYS
     unless SA_NODEFER.  */
  const ucontext_t *uc = static_cast<const ucontext_t *> (ctx);
  uint64_t mask;
  memcpy (&mask, &uc->uc_sigmask, sizeof mask);
  mask |= c.act.mask;
  if ((c.act.flags & SA_NODEFER) == 0)
    mask |= sigbit (SIGSYS);
  mask &= ~(sigbit (SIGKILL) | sigbit (SIGSTOP));
  sigset_t set;
  memset (&set, 0, sizeof set);
  memcpy (&set, &mask, sizeof mask);

  stack_t ss;
  if ((c.act.flags & SA_ONSTACK) != 0
      && syscall (SYS_sigaltstack, nullptr, &ss) == 0
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
  raw_sigmask (SIG_SETMASK, &set, &old);
  call_application (c);
  raw_sigmask (SIG_SETMASK, &old, nullptr);
}

void
sigsys_handler (int sig, siginfo_t *info, void *ctx)
{
  /* The handler's own system calls must not trap.  */
  char selector = self.selector;
  self.selector = SYSCALL_DISPATCH_FILTER_ALLOW;
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

/* Both are called with every signal but SIGSYS held (fork_dispatch,
   close_window), so that a signal handler that calls clone3_fork cannot
   find the lock held by its own thread.  */
bool
install_handler ()
{
  install_state *s = installs_get ();
  s->lock.lock ();
  bool ok = true;
  if (s->count == 0)
    {
      sud::kernel_sigaction act;
      /* SIGSYS stays deliverable inside the handler (SA_NODEFER, and
	 not in the mask): a call it re-issues may be trapped by a seccomp
	 filter, and a SIGSYS forced while blocked kills the process; the
	 nested SIGSYS comes back here and is chained.  */
      sud::fill_action (&act, sigsys_handler, SA_SIGINFO | SA_NODEFER,
			~sigbit (SIGSYS));
      sud::kernel_sigaction old;
      memset (&old, 0, sizeof old);
      ok = raw_sigaction (SIGSYS, &act, &old) == 0;
      /* Ours is still there in a fork child whose child handler has not
	 run yet (a signal handler's clone3_fork there): saved_action
	 still holds the application's.  A handler of the application's
	 found here was set since dispatch_yields looked: it is kept, and
	 chain calls it.  */
      if (ok && old.handler != sigsys_handler
	  && memcmp (&old, &saved_action, sizeof old) != 0)
	memcpy (&saved_action, &old, sizeof old);
    }
  if (ok)
    ++s->count;
  s->lock.unlock ();
  return ok;
}

void
uninstall_handler ()
{
  install_state *s = installs;
  s->lock.lock ();
  if (--s->count == 0)
    put_back_action (&saved_action);
  s->lock.unlock ();
}

long
dispatch_on ()
{
  uintptr_t start, len;
  if (!sud::allowed_region (&start, &len))
    {
      errno = ENOSYS;
      return -1;
    }
  return prctl (PR_SET_SYSCALL_USER_DISPATCH, PR_SYS_DISPATCH_ON, start,
		len, &self.selector);
}

void
dispatch_off ()
{
  prctl (PR_SET_SYSCALL_USER_DISPATCH, PR_SYS_DISPATCH_OFF, 0L, 0L, 0L);
}

/* Install the handler and switch dispatch on for F, with every signal
   but SIGSYS held.  0 or a negated errno.  */
long
set_up (dispatch_frame *f)
{
  if (!install_handler ())
    return -ENOSYS;
  if (self.depth++ == 0 && dispatch_on () != 0)
    {
      long r = -errno;
      --self.depth;
      uninstall_handler ();
      return r;
    }
  f->set_up = true;
  return 0;
}

/* Undo it, in the parent, while signals are still held.  */
void
tear_down (dispatch_frame *f)
{
  if (--self.depth == 0)
    dispatch_off ();
  uninstall_handler ();
  f->set_up = false;
}

#if CLONE3_SUD_RESUME
/* What the parent's handler would undo, undone by the SIGSYS handler
   before the process is copied (the trampoline makes the clone3): the
   dispatch goes off, the application's SIGSYS action comes back, and the
   handler's return gives back the caller's signal mask, unless fork
   changed the mask inside the window (glibc 2.41's _Fork blocks signals
   around its clone): then the parent and child handlers give it back as
   usual.  So the child starts with the caller's mask and SIGSYS action
   and needs no system call for them, the parent one fewer, and neither
   writes to the library's data.  The trampoline needs none of it, even
   when clone3 says ENOSYS.

   Only in a single-threaded process: there no other thread can install
   the handler meanwhile.  A signal handler may run between the handler's
   return and our parent handler now; everything it could find is
   already undone, and its own fork or clone3_fork is its own (this
   frame is consumed).  */
void
retire_in_handler (dispatch_frame *f, ucontext_t *uc)
{
  if (--self.depth == 0)
    dispatch_off ();
  install_state *s = installs;
  s->lock.lock ();
  if (--s->count == 0)
    {
      put_back_action (&saved_action);
      f->action_restored = true;
    }
  s->lock.unlock ();
  f->set_up = false;
  if (!f->mask_changed)
    {
      memcpy (&uc->uc_sigmask, &f->saved_mask, kernel_sigset_size);
      f->mask_restored = true;
    }
}
#endif

/* The window's end, in the parent or the child: let calls through again
   and give back the caller's signal mask.  */
void
close_window (bool child)
{
  dispatch_frame *f = self.top;
  if (f == nullptr || !f->armed)
    return;
  self.selector = SYSCALL_DISPATCH_FILTER_ALLOW;
  self.top = f->prev;
  f->armed = false;
  /* The child has no dispatch to undo: it is not inherited.  */
  if (!child && f->set_up)
    tear_down (f);
  if (!f->mask_restored)
    {
      f->mask_restored = true;
      raw_sigmask (SIG_SETMASK, &f->saved_mask, nullptr);
    }
}

/* The library's atfork handlers, registered with glibc before anyone
   else's (see dispatch_init): prepare runs last, parent and child first.
   They do nothing for a fork that clone3_fork did not start.  */
void
hook_prepare ()
{
  dispatch_frame *f = self.pending;
  if (f == nullptr)
    return;
  self.pending = f->below;
  /* A frame of an outer call, in the child of an inner one: set up
     again (resume_outer_frames).  */
  if (!f->set_up)
    {
      f->setup_error = set_up (f);
      if (f->setup_error != 0)
	return;
    }
  f->prev = self.top;
  self.top = f;
  f->armed = true;
  self.selector = SYSCALL_DISPATCH_FILTER_BLOCK;
}

void
hook_parent ()
{
  close_window (false);
}

/* The SIGSYS action that the child of REQ must end with: the
   application's, or with CLONE_CLEAR_SIGHAND the default unless it was
   ignored, as the kernel leaves it.  */
const sud::kernel_sigaction *
child_sigsys_action (const request &req, sud::kernel_sigaction *dfl)
{
  if ((req.args.flags & CLONE_CLEAR_SIGHAND) == 0
      || (reinterpret_cast<uintptr_t> (saved_action.handler)
	  == reinterpret_cast<uintptr_t> (SIG_IGN)))
    return &saved_action;
  memset (dfl, 0, sizeof *dfl);
  return dfl;
}

void
hook_child ()
{
  const dispatch_frame *f = self.top;
  /* This fork is ours if our frame is armed.  Then our handler is still
     installed unless retire_in_handler put the application's action back
     before the process was copied.  */
  bool ours = f != nullptr && f->armed;
  bool restore = ours && !f->action_restored;
  const request *req = ours ? f->req : nullptr;
#if CLONE3_SUD_RESUME
  /* The trampoline made a legacy clone: CLONE_CLEAR_SIGHAND is ours to
     do, as fork_syscall does it.  */
  bool clear = ours && f->resume.enosys
	       && (req->args.flags & CLONE_CLEAR_SIGHAND) != 0;
#endif
  /* CLONE_CLEAR_SIGHAND reset glibc's own handlers, which fork's child
     keeps: back before the caller's mask is, whichever way the clone was
     made.  */
  if (ours)
    internal_signals_restore (f->internal);
  close_window (true);
#if CLONE3_SUD_RESUME
  if (clear)
    clear_fork_signal_handlers ();
#endif
  /* No thread of the child dispatches.  The count and its lock start
     afresh (the page is wiped, or they are reset here); the lock may
     have been held by another thread of the parent.  Our handler may also
     be installed because another thread of the parent had it so: then
     the kernel says so.  Only what needs changing is written: each page
     written costs the child a copy-on-write fault.  */
  install_state *s = installs;
  if (s != nullptr)
    {
      /* A wiped page is not even read: the child would take a fault to
	 map it.  */
      if (s == &static_installs)
	{
	  s->lock.reset_after_fork ();
	  if (s->count != 0)
	    s->count = 0;
	}
      if (!ours)
	{
	  sud::kernel_sigaction cur;
	  restore = raw_sigaction (SIGSYS, nullptr, &cur) == 0
		    && cur.handler == sigsys_handler;
	}
    }
  if (restore)
    {
      sud::kernel_sigaction dfl;
      raw_sigaction (SIGSYS,
		     req != nullptr ? child_sigsys_action (*req, &dfl)
				    : &saved_action,
		     nullptr);
    }
}

bool hooks_registered;

__attribute__ ((constructor)) void
dispatch_init ()
{
  hooks_registered
    = glibc_register_atfork (hook_prepare, hook_parent, hook_child) == 0;
}

/* The probe, once per process, in the calling thread and without
   creating anything: no process (which could take a process slot under
   RLIMIT_NPROC, or become PID 1 of a namespace unshared with
   CLONE_NEWPID and end it), no thread, no descriptor; and no
   cancellation point is called (nanosleep, waitpid and close are, in
   glibc; syscall and prctl are not).

   First, whether the kernel has clone3: a block of size 0 is refused
   with EINVAL by a kernel that has it, before anything else is looked
   at.  Where it says ENOSYS (an old kernel, a seccomp profile,
   qemu-user) dispatch is not used.  That keeps the dispatch prctl away
   from qemu-user, whose version 11.1 passes it to the host kernel,
   which then traps qemu's own system calls; an emulator that did the
   same and had clone3 would be wrecked here.

   Then the calling thread arms the dispatch for one call that must come
   back through a handler with the value the handler chose, with the
   handler's every check passed, and the dispatch, the SIGSYS action and
   the signal mask are put back.  Only when the application has no SIGSYS
   handler (dispatch_yields): the action is the process's, and a SIGSYS
   of another thread's (a seccomp trap) meanwhile is chained.  */
constexpr long probe_magic = 0x5ca1ab1e;

void
probe_handler (int sig, siginfo_t *info, void *ctx)
{
  char selector = self.selector;
  self.selector = SYSCALL_DISPATCH_FILTER_ALLOW;
  if (info->si_code != SYS_USER_DISPATCH)
    {
      chain (sig, info, ctx);
      self.selector = selector;
      return;
    }
  ucontext_t *uc = static_cast<ucontext_t *> (ctx);
  long a[6];
  sud::syscall_args (uc, a);
  bool ok = info->si_syscall == SYS_getppid
	    && sud::syscall_nr (uc) == SYS_getppid;
  /* Every argument must arrive: some kernels clobber the first one of a
     dispatched call before the signal frame is built.  */
  for (long i = 0; i < 6; ++i)
    ok = ok && a[i] == probe_magic + i;
  sud::set_result (uc, ok ? probe_magic : -ENOSYS);
  self.selector = selector;
}

/* 1: dispatch works; 0: it does not; -1: not now (the application has
   a SIGSYS handler), to be tried again later.  */
int
probe ()
{
  int saved_errno = errno;
  bool has_clone3 = !(syscall (SYS_clone3, nullptr, 0) == -1
		      && errno == ENOSYS);
  errno = saved_errno;
  if (!has_clone3)
    return 0;

  /* Every signal but SIGSYS held: no handler of the application's runs
     while the dispatch is armed, and SIGSYS can be delivered.  */
  sigset_t hold, saved_mask;
  memset (&hold, 0xff, sizeof hold);
  sigdelset (&hold, SIGSYS);
  raw_sigmask (SIG_SETMASK, &hold, &saved_mask);

  install_state *s = installs_get ();
  s->lock.lock ();
  int result = 0;
  sud::kernel_sigaction act, old;
  memset (&old, 0, sizeof old);
  sud::fill_action (&act, probe_handler, SA_SIGINFO | SA_NODEFER,
		    ~sigbit (SIGSYS));
  if (s->count != 0)
    /* Another thread is dispatching: probed already.  */
    result = 1;
  else if (raw_sigaction (SIGSYS, nullptr, &old) != 0)
    result = 0;
  else if (application_handler (old))
    result = -1;
  else if (raw_sigaction (SIGSYS, &act, &old) == 0)
    {
      memcpy (&saved_action, &old, sizeof old);
      self.selector = SYSCALL_DISPATCH_FILTER_ALLOW;
      if (dispatch_on () == 0)
	{
	  self.selector = SYSCALL_DISPATCH_FILTER_BLOCK;
	  /* getppid ignores the arguments; the registers carry them.  */
	  long r = syscall (SYS_getppid, probe_magic, probe_magic + 1,
			    probe_magic + 2, probe_magic + 3,
			    probe_magic + 4, probe_magic + 5);
	  self.selector = SYSCALL_DISPATCH_FILTER_ALLOW;
	  dispatch_off ();
	  result = r == probe_magic;
	}
      put_back_action (&saved_action);
      if (application_handler (saved_action))
	/* Set between the two looks: not ours to judge now.  */
	result = -1;
    }
  s->lock.unlock ();
  raw_sigmask (SIG_SETMASK, &saved_mask, nullptr);
  errno = saved_errno;
  return result;
}

/* -1: not probed; 0: no; 1: yes.  */
int probe_state = -1;

/* In a fork child, the frames of the clone3_fork calls still in progress
   around the one that made this child (it was called from a prepare or
   signal handler of theirs) have lost their dispatch, which fork does
   not pass on, and their SIGSYS handler, which hook_child put back: the
   armed ones are set up again now, the pending ones at their prepare.  */
void
resume_outer_frames ()
{
  for (dispatch_frame *f = self.pending; f != nullptr; f = f->below)
    f->set_up = false;
  bool armed = false;
  for (dispatch_frame *f = self.top; f != nullptr; f = f->prev)
    {
      f->set_up = false;
      if (f->armed && set_up (f) == 0)
	armed = true;
    }
  if (armed)
    self.selector = SYSCALL_DISPATCH_FILTER_BLOCK;
}

} // anonymous namespace

bool
dispatch_available ()
{
  int state = __atomic_load_n (&probe_state, __ATOMIC_ACQUIRE);
  if (state < 0)
    {
      state = hooks_registered ? probe () : 0;
      if (state >= 0)
	__atomic_store_n (&probe_state, state, __ATOMIC_RELEASE);
    }
  return state == 1;
}

/* An application with a SIGSYS handler of its own owns SIGSYS: its
   handler must be called by the kernel, with its own flags, mask and
   stack, for every SIGSYS of every thread, and an application that uses
   Syscall User Dispatch itself (Wine) has one, while the kernel lets no
   thread read its own dispatch settings.  So dispatch, which replaces
   the action for the window and switches the calling thread's dispatch
   off at its end, is not used while it has one.  Not on a kernel the
   probe has refused: forcing dispatch there fails as usual.  */
bool
dispatch_yields ()
{
  if (__atomic_load_n (&probe_state, __ATOMIC_ACQUIRE) == 0)
    return false;
  sud::kernel_sigaction cur;
  memset (&cur, 0, sizeof cur);
  if (raw_sigaction (SIGSYS, nullptr, &cur) != 0)
    return false;
  /* Another thread's window, or a probe: the application's is kept.  */
  if (cur.handler == sigsys_handler || cur.handler == probe_handler)
    memcpy (&cur, &saved_action, sizeof cur);
  return application_handler (cur);
}

long
fork_dispatch (request &req)
{
  if (!dispatch_available ())
    return -ENOSYS;

  dispatch_frame f;
  memset (&f, 0, sizeof f);
  f.req = &req;

  /* Hold every signal but SIGSYS until the window closes (glibc's
     internal ones too, which sigfillset would leave out).  */
  sigset_t hold;
  memset (&hold, 0xff, sizeof hold);
  sigdelset (&hold, SIGSYS);
  raw_sigmask (SIG_SETMASK, &hold, &f.saved_mask);

  long r = set_up (&f);
  if (r == 0)
    {
      /* For this fork's prepare, unless a prepare handler's own
	 clone3_fork (or a signal handler's) pushes its frame on top
	 meanwhile and takes it off again.  */
      f.below = self.pending;
      self.pending = &f;
      pid_t pid = fork ();
      /* From here on, what either process writes to a page costs it a
	 copy-on-write fault: write only what changes.  */
      if (pid == 0)
	{
	  /* Syscall User Dispatch does not survive fork.  */
	  if (self.pending == &f)
	    self.pending = f.below;
	  if (self.depth != 0)
	    self.depth = 0;
	  if (self.selector != SYSCALL_DISPATCH_FILTER_ALLOW)
	    self.selector = SYSCALL_DISPATCH_FILTER_ALLOW;
	  if (self.top != nullptr || self.pending != nullptr)
	    resume_outer_frames ();
	  if (!f.mask_restored)
	    raw_sigmask (SIG_SETMASK, &f.saved_mask, nullptr);
#if CLONE3_SUD_RESUME
	  if (f.resume.enosys)
	    clone3_set_missing ();
#endif
	  if (!f.consumed)
	    /* glibc's clone was not turned into clone3: this is not the
	       child the caller asked for.  */
	    syscall (SYS_exit_group, 127);
	  return 0;
	}
      int err = errno;
      /* Our prepare did not run (fork failed before it).  */
      if (self.pending == &f)
	self.pending = f.below;
#if CLONE3_SUD_RESUME
      /* The trampoline's clone3 said ENOSYS: as fork_syscall would,
	 remember it.  */
      if (f.resume.enosys)
	clone3_set_missing ();
#endif
      /* Our parent handler normally did this, before the application's
	 parent handlers ran.  */
      if (f.set_up)
	tear_down (&f);
      r = pid < 0 ? -err : pid;
      if (pid > 0 && !f.consumed)
	{
	  syscall (SYS_wait4, pid, nullptr, __WALL, nullptr);
	  r = f.setup_error != 0 ? f.setup_error : -ENOSYS;
	}
    }
  if (!f.mask_restored)
    raw_sigmask (SIG_SETMASK, &f.saved_mask, nullptr);
  return r;
}

#else /* !CLONE3_HAVE_SUD */

bool
dispatch_available ()
{
  return false;
}

bool
dispatch_yields ()
{
  return false;
}

long
fork_dispatch (request &)
{
  return -ENOSYS;
}

#endif /* CLONE3_HAVE_SUD */

} // namespace clone3_internal
