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

struct handler
{
  uint64_t id;			/* Increasing in registration order.  */
  void (*prepare) (void);
  void (*parent) (void);
  void (*child) (void);
  void *dso;
};

/* Sorted by id.  Guarded by registry_lock.  */
handler *handlers;
size_t handler_count;
size_t handler_capacity;
uint64_t last_id;

clone3_internal::futex_lock registry_lock;

void
lock ()
{
  registry_lock.lock ();
}

void
unlock ()
{
  registry_lock.unlock ();
}

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

/* Remove the handlers for which MATCH is true.  Called locked.  */
template <typename Pred>
void
remove_if (Pred match)
{
  size_t kept = 0;
  for (size_t i = 0; i < handler_count; ++i)
    if (!match (handlers[i]))
      handlers[kept++] = handlers[i];
  handler_count = kept;
}

/* Run each handler FIELD with an id up to LIMIT in increasing id
   order, releasing the lock (if LOCKED) around each call; ends
   unlocked.  */
void
run_in_order (void (*handler::*field) (void), uint64_t limit, bool locked)
{
  uint64_t after = 0;
  for (;;)
    {
      const handler *next = nullptr;
      for (size_t i = 0; i < handler_count; ++i)
	if (handlers[i].id > after)
	  {
	    if (handlers[i].id <= limit)
	      next = &handlers[i];
	    break;
	  }
      if (next == nullptr)
	break;
      after = next->id;
      void (*fn) (void) = next->*field;
      if (fn != nullptr)
	{
	  if (locked)
	    unlock ();
	  fn ();
	  if (locked)
	    lock ();
	}
    }
  if (locked)
    unlock ();
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

  lock ();
  if (handler_count == handler_capacity)
    {
      size_t cap = handler_capacity == 0 ? 16 : 2 * handler_capacity;
      void *grown = realloc (handlers, cap * sizeof *handlers);
      if (grown == nullptr)
	{
	  unlock ();
	  return ENOMEM;
	}
      handlers = static_cast<handler *> (grown);
      handler_capacity = cap;
    }
  uint64_t id = ++last_id;
  handlers[handler_count++] = handler { id, prepare, parent, child, dso };
  unlock ();

  int r = next (prepare, parent, child, dso);
  if (r != 0)
    {
      lock ();
      remove_if ([id] (const handler &h) { return h.id == id; });
      unlock ();
    }
  return r;
}

__attribute__ ((visibility ("hidden"))) void
__clone3_cxa_finalize (void *dso)
{
  /* glibc drops a DSO's fork handlers in __cxa_finalize, called by the
     DSO's destructor on dlclose; NULL means the whole process is
     exiting, and nothing needs dropping.  */
  if (dso != nullptr)
    {
      lock ();
      remove_if ([dso] (const handler &h) { return h.dso == dso; });
      unlock ();
    }
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
  atfork_run run;
  run.locked = !__libc_single_threaded;
  if (run.locked)
    lock ();
  run.limit = last_id;
  uint64_t below = run.limit + 1;
  for (;;)
    {
      const handler *next = nullptr;
      for (size_t i = handler_count; i > 0; --i)
	if (handlers[i - 1].id < below)
	  {
	    next = &handlers[i - 1];
	    break;
	  }
      if (next == nullptr)
	break;
      below = next->id;
      void (*fn) (void) = next->prepare;
      if (fn != nullptr)
	{
	  if (run.locked)
	    unlock ();
	  fn ();
	  if (run.locked)
	    lock ();
	}
    }
  /* The lock stays held across the system call, so that the child sees
     the list as the parent had it.  */
  return run;
}

void
atfork_run_parent (const atfork_run &run)
{
  run_in_order (&handler::parent, run.limit, run.locked);
}

void
atfork_run_child (const atfork_run &run)
{
  /* The child's only thread holds the lock; waiters were other threads
     of the parent, which do not exist here.  */
  if (run.locked)
    registry_lock.reown_after_fork ();
  run_in_order (&handler::child, run.limit, run.locked);
}

} // namespace clone3_internal
