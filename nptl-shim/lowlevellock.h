/* A small futex lock for the shim's process-wide state.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.

   pthread_mutex_t would do, but this lock must also be re-owned by a
   fork child (atfork_run_child) and must not depend on glibc state that
   the shim is repairing.  Constant-initialised, so usable before any
   constructor runs.  */

#ifndef _LOWLEVELLOCK_H
#define _LOWLEVELLOCK_H 1

#include <linux/futex.h>
#include <sys/syscall.h>
#include <sysdep.h>

namespace clone3_internal {

class futex_lock
{
public:
  void lock ()
  {
    int c = 0;
    if (__atomic_compare_exchange_n (&word_, &c, 1, false, __ATOMIC_ACQUIRE,
				     __ATOMIC_RELAXED))
      return;
    if (c != 2)
      c = __atomic_exchange_n (&word_, 2, __ATOMIC_ACQUIRE);
    while (c != 0)
      {
	/* EAGAIN if the word changed meanwhile, EINTR: look again.  */
	internal_syscall (SYS_futex, &word_, FUTEX_WAIT_PRIVATE, 2, nullptr);
	c = __atomic_exchange_n (&word_, 2, __ATOMIC_ACQUIRE);
      }
  }

  void unlock ()
  {
    if (__atomic_exchange_n (&word_, 0, __ATOMIC_RELEASE) == 2)
      internal_syscall (SYS_futex, &word_, FUTEX_WAKE_PRIVATE, 1);
  }

  /* In a fork child whose only thread held the lock at the fork: keep it
     held, with no waiters (they were other threads of the parent).  */
  void reown_after_fork ()
  {
    __atomic_store_n (&word_, 1, __ATOMIC_RELAXED);
  }

  /* In a fork child, when the lock may have been held by another thread
     of the parent, which does not exist here.  Written only if it was
     held: a write costs the child a copy-on-write fault on the page.  */
  void reset_after_fork ()
  {
    if (__atomic_load_n (&word_, __ATOMIC_RELAXED) != 0)
      __atomic_store_n (&word_, 0, __ATOMIC_RELAXED);
  }

private:
  /* 0: free, 1: held, 2: held with waiters.  */
  int word_ = 0;
};

/* Holds a futex_lock for its lifetime.  */
class futex_lock_guard
{
public:
  explicit futex_lock_guard (futex_lock &lock) : lock_ (lock)
  {
    lock_.lock ();
  }
  ~futex_lock_guard ()
  {
    lock_.unlock ();
  }
  futex_lock_guard (const futex_lock_guard &) = delete;
  futex_lock_guard &operator= (const futex_lock_guard &) = delete;
private:
  futex_lock &lock_;
};

} // namespace clone3_internal

#endif /* lowlevellock.h */
