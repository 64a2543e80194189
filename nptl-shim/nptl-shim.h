/* Reaching the thread state glibc keeps private, from outside glibc.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.

   glibc's fork and _Fork repair the child's thread descriptor: its TID
   field and its robust mutex list.  glibc exports no interface for
   either, so this shim finds them through the kernel, which was told
   about both when the thread started, and checks what it finds before
   writing to it.  A glibc on which a door is missing makes the caller
   fail with ENOSYS; memory is never written on a guess.

   This directory holds only that access: the thread descriptor's TID
   field (tid.cc), the robust list (robust-list.cc), the pthread_atfork
   registry (register-atfork.cc) and the symbols the process binds
   (bound-symbols.cc).  The fork strategies that use it are in fork/.  */

#ifndef _NPTL_SHIM_H
#define _NPTL_SHIM_H 1

#include "clone3-internal.h"

#include <stdint.h>

#include <linux/futex.h>

namespace clone3_internal {

/* Find the descriptor's layout (library_init): dlsym, which is not
   async-signal-safe, at load time.  */
void thread_descriptor_init () attribute_hidden;

/* The address of the calling thread's TID field in its thread
   descriptor: the clear-child-tid address glibc registered with the
   kernel (PR_GET_TID_ADDRESS), after checking that it holds the thread's
   TID.  nullptr if the kernel cannot say (no CONFIG_CHECKPOINT_RESTORE)
   or the check fails.  Async-signal-safe.  */
pid_t *thread_tid_address () attribute_hidden;

/* The calling thread's robust mutex list head, as registered with the
   kernel (get_robust_list), once it has been recognised as glibc's.  */
struct robust_list_door
{
  struct robust_list_head *head;
  size_t len;
};

/* Find the door; false if there is none.  Async-signal-safe.  */
bool robust_list_find (robust_list_door *door) attribute_hidden;

/* In a new child: empty the list (the parent's mutexes are not the
   child's) and register it with the kernel, which cleared it at fork.  */
void robust_list_reset_child (const robust_list_door &door) attribute_hidden;

/* The pthread_atfork registry (register-atfork.cc).  */

/* Whether this library sees every registration and unregistration: its
   __register_atfork and __cxa_finalize are the ones the process binds.  */
bool atfork_registry_complete () attribute_hidden;

/* Run the handlers as fork does.  Only the handlers registered when the
   fork began run in it (newest first for prepare, oldest first for parent
   and child); registrations and dlclose during the fork are honoured.
   As in glibc, the registry lock is taken only in a multithreaded
   process, from run_prepare until run_parent or run_child returns, so
   that a single-threaded process can fork from a signal handler that
   interrupted a fork.  */
struct atfork_run
{
  uint64_t limit;		/* The newest handler of this fork.  */
  bool locked;
};
atfork_run atfork_run_prepare () attribute_hidden;
void atfork_run_parent (const atfork_run &run) attribute_hidden;
void atfork_run_child (const atfork_run &run) attribute_hidden;

/* The definitions of __register_atfork and __cxa_finalize the process
   uses (bound-symbols.cc).  */
void *bound_register_atfork () attribute_hidden;
void *bound_cxa_finalize () attribute_hidden;

/* Register handlers with glibc's own __register_atfork, bypassing the
   registry: for the library's own hooks, which must run in every fork
   (fork/dispatch.cc, fork/relay.cc).  Returns 0 or an errno value.  */
int glibc_register_atfork (void (*prepare) (void), void (*parent) (void),
			   void (*child) (void)) attribute_hidden;

} // namespace clone3_internal

#endif /* nptl-shim.h */
