/* The dispatch strategy's parts, and what they share.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.

   docs/design.md explains the strategy.  In short: glibc's own fork
   runs, and Syscall User Dispatch turns its clone system call into
   clone3 while the window is open, from the library's atfork prepare
   hook, which runs last, to its parent or child hook, which runs
   first.

   The parts:
     dispatch.cc           the window: the atfork hooks and the fork
     dispatch-install.cc   the SIGSYS handler's installation, counted
                           across threads, and the dispatch's switch
     dispatch-handler.cc   the SIGSYS handler, and the application's
                           own SIGSYS handler called from it
     dispatch-probe.cc     whether the kernel dispatches, and whether
                           the application owns SIGSYS

   Signals other than SIGSYS are held from the call until the library's
   parent or child handler, so that no signal handler runs while the
   selector blocks, and so that no signal handler's own fork can be
   mistaken for the caller's.  SIGSYS itself stays deliverable: a trapped
   call with SIGSYS blocked would kill the process.

   The handler's own return is a system call too.  The architecture's
   sud.h says how it returns and which code the dispatch always lets
   through: a restorer of the library's own where rt_sigaction takes one,
   the vDSO's sigreturn where it does not.  */

#ifndef _CLONE3_DISPATCH_H
#define _CLONE3_DISPATCH_H 1

#include "clone3-signals.h"
#include "fork.h"
#include "lowlevellock.h"

/* The architecture's own, through the sysdeps include path.  */
#include <kernel-sigaction.h>
#include <sud.h>
#include <sysdep.h>

#if CLONE3_HAVE_SUD

#include <signal.h>
#include <stdint.h>
#include <ucontext.h>

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
namespace dispatch {

static_assert (kernel_sigset_size == sizeof (uint64_t), "64 signals");

constexpr uint64_t
sigbit (int sig)
{
  return uint64_t (1) << (sig - 1);
}

/* Where a clone3_fork call is in its fork.  */
enum class frame_phase : unsigned char
{
  pending,	/* Waiting for its fork's prepare (hook_prepare).  */
  armed,	/* In its window: the thread's next clone is its.  */
  cloned,	/* In its window, its clone made as clone3.  */
  done,		/* The window closed after the clone.  */
  missed	/* The window closed, or the fork failed, with no clone.  */
};

/* One clone3_fork call in this thread; lives on that call's stack.
   Calls nest: an atfork prepare handler, or a signal handler, may call
   clone3_fork while an outer call waits for its own fork's prepare (the
   pending stack) or is in its window (the armed stack).  Besides its
   phase, a frame records what is still to be undone, and by whom.  */
struct frame
{
  frame *prev;			/* The next outer armed frame.  */
  frame *below;			/* The next outer pending frame.  */
  const request *req;
  sigset_t saved_mask;
  long setup_error;		/* Why hook_prepare could not set up.  */
  frame_phase phase;
  bool set_up;			/* Counted in depth and in the installs.  */
  bool mask_restored;		/* The caller's mask is back.  */
  bool action_restored;		/* The application's SIGSYS action was put
				   back before the process was copied.  */
  bool mask_changed;		/* fork changed the mask in the window.  */
  internal_signal_actions internal;	/* For a CLONE_CLEAR_SIGHAND child.  */
#if CLONE3_SUD_RESUME
  sud::fork_resume resume;	/* For the clone3 made after the handler.  */
#endif

  bool in_window () const
  {
    return phase == frame_phase::armed || phase == frame_phase::cloned;
  }
  bool clone_made () const
  {
    return phase == frame_phase::cloned || phase == frame_phase::done;
  }
};

struct thread_state
{
  char selector;		/* The dispatch selector byte.  */
  unsigned int depth;		/* Frames set up: dispatch is on if not 0.  */
  frame *pending;		/* Frames waiting for their fork's prepare,
				   innermost first.  */
  frame *top;			/* The innermost armed frame.  */
};

/* initial-exec: the handler must not allocate TLS lazily.  */
extern __thread thread_state self
  __attribute__ ((tls_model ("initial-exec"))) attribute_hidden;

/* dispatch-install.cc.  */

/* The count of threads that have the handler installed, and its lock
   (see installs_get).  */
struct install_state
{
  futex_lock lock;
  unsigned int count = 0;
};
/* Set by the first installs_get.  */
extern install_state *installs attribute_hidden;
extern install_state static_installs attribute_hidden;
/* The application's SIGSYS action while the library's handler is
   installed; written only when the application's action changes.  */
extern kernel_sigaction saved_action attribute_hidden;

install_state *installs_get () attribute_hidden;
/* SIGSYS's action, through the system call.  0 or a negated errno.  */
long sigsys_action (const kernel_sigaction *act, kernel_sigaction *old)
  attribute_hidden;
/* The calling thread's signal mask, through the system call: glibc's
   internal signals too, and not to be trapped.  */
void set_signal_mask (int how, const sigset_t *set, sigset_t *old)
  attribute_hidden;
/* Hold every signal but SIGSYS; the caller's mask in *OLD.  */
void hold_signals (sigset_t *old) attribute_hidden;
/* Whether ACT is the application's own handler: not the default action,
   not ignored, not one of the library's.  */
bool application_handler (const kernel_sigaction &act) attribute_hidden;
/* Whether ACT's handler is one of the library's.  */
bool library_handler (const kernel_sigaction &act) attribute_hidden;
/* Put ACT back as SIGSYS's action in place of the library's handler.  */
void put_back_action (const kernel_sigaction *act) attribute_hidden;
/* Switch the calling thread's dispatch on (0 or a negated errno), off.  */
long dispatch_on () attribute_hidden;
void dispatch_off () attribute_hidden;
/* Install the handler and switch dispatch on for F, with every signal
   but SIGSYS held.  0 or a negated errno.  */
long set_up (frame *f) attribute_hidden;
/* Undo it, in the parent, while signals are still held.  */
void tear_down (frame *f) attribute_hidden;
/* Count one installation less, putting the application's action back
   with the last; true if it was put back.  */
bool uninstall_handler () attribute_hidden;

/* dispatch-handler.cc.  */
void sigsys_handler (int sig, siginfo_t *info, void *ctx) attribute_hidden;
/* A SIGSYS that is not the dispatch's, for the application.  */
void chain (int sig, siginfo_t *info, void *ctx) attribute_hidden;

/* dispatch-probe.cc.  */
void probe_handler (int sig, siginfo_t *info, void *ctx) attribute_hidden;

/* dispatch.cc.  */
/* Whether the atfork hooks are registered (dispatch_init).  */
extern bool hooks_registered attribute_hidden;
#if CLONE3_SUD_RESUME
/* Undo the window in the SIGSYS handler, before the process is copied
   by the clone3 the handler's return makes.  */
void retire_in_handler (frame *f, ucontext_t *uc) attribute_hidden;
#endif

} // namespace dispatch
} // namespace clone3_internal

#endif /* CLONE3_HAVE_SUD */

#endif /* dispatch.h */
