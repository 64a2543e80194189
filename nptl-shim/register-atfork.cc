/* The pthread_atfork registry, kept beside glibc's.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.

   glibc keeps its fork handlers in a private list.  pthread_atfork is a
   small function linked into every program and library (libc_nonshared)
   that calls __register_atfork through the PLT, and dlclose reaches
   glibc's unregistration through __cxa_finalize, which each library's
   destructor calls through the PLT as well.  This library defines both
   symbols, so that they bind here first: each registration is recorded
   with its DSO handle and passed on to glibc, and each finalization drops
   the DSO's handlers before passing it on.  glibc's own fork therefore
   still runs every handler, and clone3_fork's emulate strategy runs the
   same handlers in the same order.

   If the process bound the symbols elsewhere (this library was dlopen'ed
   after libc with RTLD_LOCAL, say), the registry is incomplete and
   emulate refuses with ENOSYS rather than skip handlers.  */

#include "lowlevellock.h"
#include "nptl-shim.h"

#include <dlfcn.h>
#include <stdlib.h>
#include <sys/single_threaded.h>

namespace {

using register_atfork_fn = int (*) (void (*) (void), void (*) (void),
				    void (*) (void), void *);
using cxa_finalize_fn = void (*) (void *);

template <typename Fn>
Fn
next_definition (Fn *cache, const char *name)
{
  Fn fn = __atomic_load_n (cache, __ATOMIC_ACQUIRE);
  if (fn == nullptr)
    {
      fn = reinterpret_cast<Fn> (dlsym (RTLD_NEXT, name));
      __atomic_store_n (cache, fn, __ATOMIC_RELEASE);
    }
  return fn;
}

register_atfork_fn next_register_atfork;
cxa_finalize_fn next_cxa_finalize;

/* The handlers the process registered, in registration order, with the
   DSO each belongs to.  Constant-initialised: registrations come from
   constructors, which may run before this library's.  */
class atfork_registry
{
public:
  using handler_fn = void (*) (void);

  /* Record a registration; its id, or 0 without memory.  */
  uint64_t add (handler_fn prepare, handler_fn parent, handler_fn child,
		void *dso);
  /* Drop the registration ID, or every one of DSO.  */
  void remove (uint64_t id);
  void remove_dso (void *dso);

  /* Run the handlers as fork does (clone3_internal::atfork_run_*).  */
  clone3_internal::atfork_run run_prepare ();
  void run_parent (const clone3_internal::atfork_run &run);
  void run_child (const clone3_internal::atfork_run &run);

private:
  struct handler
  {
    uint64_t id;		/* Increasing in registration order.  */
    handler_fn prepare;
    handler_fn parent;
    handler_fn child;
    void *dso;
  };

  template <typename Pred> void remove_if (Pred match);
  void run_in_order (handler_fn handler::*field, uint64_t limit,
		     bool locked);
  /* Call FN, with the lock released around it if LOCKED: a handler may
     register another, or fork.  */
  void call_unlocked (handler_fn fn, bool locked);

  /* Sorted by id.  Guarded by lock_.  */
  handler *handlers_ = nullptr;
  size_t count_ = 0;
  size_t capacity_ = 0;
  uint64_t last_id_ = 0;
  clone3_internal::futex_lock lock_;
};

atfork_registry registry;

uint64_t
atfork_registry::add (handler_fn prepare, handler_fn parent,
		      handler_fn child, void *dso)
{
  clone3_internal::futex_lock_guard guard (lock_);
  if (count_ == capacity_)
    {
      size_t cap = capacity_ == 0 ? 16 : 2 * capacity_;
      void *grown = realloc (handlers_, cap * sizeof *handlers_);
      if (grown == nullptr)
	return 0;
      handlers_ = static_cast<handler *> (grown);
      capacity_ = cap;
    }
  uint64_t id = ++last_id_;
  handlers_[count_++] = handler { id, prepare, parent, child, dso };
  return id;
}

/* Called locked.  */
template <typename Pred>
void
atfork_registry::remove_if (Pred match)
{
  size_t kept = 0;
  for (size_t i = 0; i < count_; ++i)
    if (!match (handlers_[i]))
      handlers_[kept++] = handlers_[i];
  count_ = kept;
}

void
atfork_registry::remove (uint64_t id)
{
  clone3_internal::futex_lock_guard guard (lock_);
  remove_if ([id] (const handler &h) { return h.id == id; });
}

void
atfork_registry::remove_dso (void *dso)
{
  clone3_internal::futex_lock_guard guard (lock_);
  remove_if ([dso] (const handler &h) { return h.dso == dso; });
}

void
atfork_registry::call_unlocked (handler_fn fn, bool locked)
{
  if (fn == nullptr)
    return;
  if (locked)
    lock_.unlock ();
  fn ();
  if (locked)
    lock_.lock ();
}

/* Run each handler FIELD with an id up to LIMIT in increasing id
   order, releasing the lock (if LOCKED) around each call; ends
   unlocked.  */
void
atfork_registry::run_in_order (handler_fn handler::*field, uint64_t limit,
			       bool locked)
{
  uint64_t after = 0;
  for (;;)
    {
      const handler *next = nullptr;
      for (size_t i = 0; i < count_; ++i)
	if (handlers_[i].id > after)
	  {
	    if (handlers_[i].id <= limit)
	      next = &handlers_[i];
	    break;
	  }
      if (next == nullptr)
	break;
      after = next->id;
      call_unlocked (next->*field, locked);
    }
  if (locked)
    lock_.unlock ();
}

clone3_internal::atfork_run
atfork_registry::run_prepare ()
{
  clone3_internal::atfork_run run;
  run.locked = !__libc_single_threaded;
  if (run.locked)
    lock_.lock ();
  run.limit = last_id_;
  uint64_t below = run.limit + 1;
  for (;;)
    {
      const handler *next = nullptr;
      for (size_t i = count_; i > 0; --i)
	if (handlers_[i - 1].id < below)
	  {
	    next = &handlers_[i - 1];
	    break;
	  }
      if (next == nullptr)
	break;
      below = next->id;
      call_unlocked (next->prepare, run.locked);
    }
  /* The lock stays held across the system call, so that the child sees
     the list as the parent had it.  */
  return run;
}

void
atfork_registry::run_parent (const clone3_internal::atfork_run &run)
{
  run_in_order (&handler::parent, run.limit, run.locked);
}

void
atfork_registry::run_child (const clone3_internal::atfork_run &run)
{
  /* The child's only thread holds the lock; waiters were other threads
     of the parent, which do not exist here.  */
  if (run.locked)
    lock_.reown_after_fork ();
  run_in_order (&handler::child, run.limit, run.locked);
}

} // anonymous namespace

extern "C" {

/* The interposed definitions (see the head of this file).  Their
   implementations have hidden names, so that the check below can tell
   whether the process really binds to them.  */

__attribute__ ((visibility ("hidden"))) int
__clone3_register_atfork (void (*prepare) (void), void (*parent) (void),
			  void (*child) (void), void *dso)
{
  register_atfork_fn next
    = next_definition (&next_register_atfork, "__register_atfork");
  if (next == nullptr)
    return ENOMEM;

  uint64_t id = registry.add (prepare, parent, child, dso);
  if (id == 0)
    return ENOMEM;
  int r = next (prepare, parent, child, dso);
  if (r != 0)
    registry.remove (id);
  return r;
}

__attribute__ ((visibility ("hidden"))) void
__clone3_cxa_finalize (void *dso)
{
  /* glibc drops a DSO's fork handlers in __cxa_finalize, called by the
     DSO's destructor on dlclose; NULL means the whole process is
     exiting, and nothing needs dropping.  */
  if (dso != nullptr)
    registry.remove_dso (dso);
  cxa_finalize_fn next
    = next_definition (&next_cxa_finalize, "__cxa_finalize");
  if (next != nullptr)
    next (dso);
}

/* Interposes glibc's __register_atfork, called by pthread_atfork.  Weak,
   so that a static program, whose libc.a defines the same names, links:
   there libc's definitions win, and the registry knows it is incomplete
   (atfork_registry_complete).  The dynamic linker does not tell weak
   from strong, so the shared library still interposes.  */
__attribute__ ((weak, visibility ("default"),
		alias ("__clone3_register_atfork")))
int __register_atfork (void (*) (void), void (*) (void), void (*) (void),
		       void *);

/* Interposes glibc's __cxa_finalize, called on dlclose.  */
__attribute__ ((weak, visibility ("default"),
		alias ("__clone3_cxa_finalize")))
void __cxa_finalize (void *);

} // extern "C"

/* This library's handle, which glibc drops its handlers by on dlclose.  */
extern "C" void *const __dso_handle __attribute__ ((visibility ("hidden")));

namespace clone3_internal {

int
glibc_register_atfork (void (*prepare) (void), void (*parent) (void),
		       void (*child) (void))
{
  /* glibc's own: the next definition when the process binds ours, else
     the one it binds (a static program, or this library loaded too late
     to interpose).  */
  register_atfork_fn next
    = reinterpret_cast<register_atfork_fn> (bound_register_atfork ());
  if (next == &__clone3_register_atfork)
    next = next_definition (&next_register_atfork, "__register_atfork");
  if (next == nullptr)
    return ENOSYS;
  return next (prepare, parent, child, const_cast<void *> (__dso_handle));
}

bool
atfork_registry_complete ()
{
  return (bound_register_atfork ()
	  == reinterpret_cast<void *> (&__clone3_register_atfork)
	  && bound_cxa_finalize ()
	     == reinterpret_cast<void *> (&__clone3_cxa_finalize));
}

atfork_run
atfork_run_prepare ()
{
  return registry.run_prepare ();
}

void
atfork_run_parent (const atfork_run &run)
{
  registry.run_parent (run);
}

void
atfork_run_child (const atfork_run &run)
{
  registry.run_child (run);
}

} // namespace clone3_internal
