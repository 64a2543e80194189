/* clone3_fork's dispatch strategy: glibc's own fork, its clone system call
   turned into clone3 by Syscall User Dispatch.  The window and the fork.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.

   dispatch.h describes the strategy and its parts.  Here: fork_dispatch,
   which sets up a frame and calls glibc's fork, and the library's atfork
   hooks, which open the frame's window just before the clone and close
   it just after.  */

#include "dispatch.h"

#if CLONE3_HAVE_SUD

#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

namespace clone3_internal {
namespace dispatch {

__thread thread_state self __attribute__ ((tls_model ("initial-exec")));
bool hooks_registered;

namespace {

/* The window's end, in the parent or the child: let calls through again
   and give back the caller's signal mask.  */
void
close_window (bool child)
{
  frame *f = self.top;
  if (f == nullptr || !f->in_window ())
    return;
  self.selector = SYSCALL_DISPATCH_FILTER_ALLOW;
  self.top = f->prev;
  f->phase = f->clone_made () ? frame_phase::done : frame_phase::missed;
  /* The child has no dispatch to undo: it is not inherited.  */
  if (!child && f->set_up)
    tear_down (f);
  if (!f->mask_restored)
    {
      f->mask_restored = true;
      set_signal_mask (SIG_SETMASK, &f->saved_mask, nullptr);
    }
}

/* The library's atfork handlers, registered with glibc before anyone
   else's (see dispatch_init): prepare runs last, parent and child first.
   They do nothing for a fork that clone3_fork did not start.  */
void
hook_prepare ()
{
  frame *f = self.pending;
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
  f->phase = frame_phase::armed;
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
const kernel_sigaction *
child_sigsys_action (const request &req, kernel_sigaction *dfl)
{
  if ((req.args.flags & CLONE_CLEAR_SIGHAND) == 0
      || (reinterpret_cast<uintptr_t> (saved_action.handler)
	  == reinterpret_cast<uintptr_t> (SIG_IGN)))
    return &saved_action;
  *dfl = {};
  return dfl;
}

void
hook_child ()
{
  const frame *f = self.top;
  /* This fork is ours if our frame is in its window.  Then our handler
     is still installed unless retire_in_handler put the application's
     action back before the process was copied.  */
  bool ours = f != nullptr && f->in_window ();
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
	  kernel_sigaction cur {};
	  restore = sigsys_action (nullptr, &cur) == 0
		    && cur.handler == sigsys_handler;
	}
    }
  if (restore)
    {
      kernel_sigaction dfl;
      sigsys_action (req != nullptr ? child_sigsys_action (*req, &dfl)
		     : &saved_action, nullptr);
    }
}

/* In a fork child, the frames of the clone3_fork calls still in progress
   around the one that made this child (it was called from a prepare or
   signal handler of theirs) have lost their dispatch, which fork does
   not pass on, and their SIGSYS handler, which hook_child put back: the
   ones in their window are set up again now, the pending ones at their
   prepare.  */
void
resume_outer_frames ()
{
  for (frame *f = self.pending; f != nullptr; f = f->below)
    f->set_up = false;
  bool armed = false;
  for (frame *f = self.top; f != nullptr; f = f->prev)
    {
      f->set_up = false;
      if (f->in_window () && set_up (f) == 0)
	armed = true;
    }
  if (armed)
    self.selector = SYSCALL_DISPATCH_FILTER_BLOCK;
}

} // anonymous namespace

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
   frame's clone is made).  */
void
retire_in_handler (frame *f, ucontext_t *uc)
{
  if (--self.depth == 0)
    dispatch_off ();
  f->action_restored = uninstall_handler ();
  f->set_up = false;
  if (!f->mask_changed)
    {
      memcpy (&uc->uc_sigmask, &f->saved_mask, kernel_sigset_size);
      f->mask_restored = true;
    }
}
#endif

} // namespace dispatch

using namespace dispatch;

void
dispatch_init ()
{
  hooks_registered
    = glibc_register_atfork (hook_prepare, hook_parent, hook_child) == 0;
}

long
fork_dispatch (request &req)
{
  if (!dispatch_available ())
    return -ENOSYS;

  frame f {};
  f.req = &req;
  f.phase = frame_phase::pending;

  /* Hold every signal but SIGSYS until the window closes.  */
  hold_signals (&f.saved_mask);

  long r = set_up (&f);
  if (r == 0)
    {
      /* For this fork's prepare, unless a prepare handler's own
	 clone3_fork (or a signal handler's) pushes its frame on top
	 meanwhile and takes it off again.  */
      f.below = self.pending;
      self.pending = &f;
      pid_t pid = process_fork ();
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
	    set_signal_mask (SIG_SETMASK, &f.saved_mask, nullptr);
#if CLONE3_SUD_RESUME
	  if (f.resume.enosys)
	    clone3_set_missing ();
#endif
	  if (!f.clone_made ())
	    /* glibc's clone was not turned into clone3: this is not the
	       child the caller asked for.  */
	    internal_exit (127);
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
      if (pid > 0 && !f.clone_made ())
	{
	  /* Signals are held: no EINTR.  The child exits at once.  */
	  internal_syscall (SYS_wait4, pid, nullptr, __WALL, nullptr);
	  r = f.setup_error != 0 ? f.setup_error : -ENOSYS;
	}
    }
  if (!f.mask_restored)
    set_signal_mask (SIG_SETMASK, &f.saved_mask, nullptr);
  return r;
}

} // namespace clone3_internal

#else /* !CLONE3_HAVE_SUD */

namespace clone3_internal {

void
dispatch_init ()
{
}

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

} // namespace clone3_internal

#endif /* CLONE3_HAVE_SUD */
