/* Reaching the thread state glibc keeps private, from outside glibc.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.

   glibc's fork and _Fork repair the child's thread descriptor: its TID
   field and its robust mutex list.  glibc exports no interface for
   either, so this shim finds them through the kernel, which was told
   about both when the thread started, and checks what it finds before
   writing to it.  A glibc on which a door is missing makes the caller
   fail with ENOSYS; memory is never written on a guess.  */

#ifndef _NPTL_SHIM_H
#define _NPTL_SHIM_H 1

#include "clone3-internal.h"

#include <linux/futex.h>

namespace clone3_internal {

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
   (dispatch.cc).  Returns 0 or an errno value.  */
int glibc_register_atfork (void (*prepare) (void), void (*parent) (void),
			   void (*child) (void)) attribute_hidden;

/* clone3_fork's strategies (strategy.cc, emulate.cc).  */
enum class fork_strategy { dispatch, relay, emulate, unavailable };

/* The strategy clone3_fork uses now for REQ (nullptr: for a request
   every strategy can serve).  */
fork_strategy fork_strategy_choose (const request *req) attribute_hidden;
/* Whether CLONE3_FORK_STRATEGY forces a strategy (or names none).  */
bool fork_strategy_forced () attribute_hidden;
/* Record the strategy a successful clone3_fork used.  */
void fork_strategy_record (fork_strategy s) attribute_hidden;

/* fork with REQ through raw clone3 plus the shim's own repairs; runs the
   atfork handlers if HANDLERS.  Returns as fork_syscall does.  */
long fork_emulate (request &req, bool handlers) attribute_hidden;

/* The dispatch strategy (dispatch.cc): whether this kernel dispatches
   system calls (proved once by a probe), and fork through it.  */
bool dispatch_available () attribute_hidden;
long fork_dispatch (request &req) attribute_hidden;
/* Whether dispatch gives way now: the application has a SIGSYS handler
   of its own, and owns SIGSYS (and may use the dispatch itself); relay
   or emulate serve instead, forced dispatch too.  */
bool dispatch_yields () attribute_hidden;

/* The relay strategy (relay.cc): whether it can serve REQ (only SIGCHLD
   as the exit signal, no CLONE_PARENT of the caller's, no flag whose
   meaning depends on the calling process), and fork through it.  Where
   the process's state leaves relay unable to (a PID namespace whose
   init the intermediate would be, no socket, no second process slot),
   fork_relay serves REQ another way, and sets *USED to the strategy
   that did.  */
bool relay_can_serve (const request &req) attribute_hidden;
long fork_relay (request &req, fork_strategy *used) attribute_hidden;

/* Whether the emulate strategy can run here: whether the process binds
   the interposed entry points, and with PROBE_DOORS whether the calling
   thread's TID field and robust list can be found too (which
   fork_emulate checks again anyway, so clone3_fork need not ask).  */
bool emulate_available (bool probe_doors) attribute_hidden;

/* Whether the calling thread's TID field and robust list can be found
   (relay's child and clone3_fork_raw need them too).  */
bool thread_doors_open () attribute_hidden;

/* Whether REQ (already through check_fork_request) asks for no more than
   fork's child: no flags, SIGCHLD, no set_tid (plain-fork.cc).  */
bool plain_fork_request (const request &req) attribute_hidden;
/* glibc's fork (HANDLERS) or _Fork; returns as fork_syscall does.  */
long glibc_fork (bool handlers) attribute_hidden;
/* When no strategy can make REQ's child: the kernel's verdict on REQ's
   arguments (a negated errno), made without a child, or -ENOSYS where
   the kernel would accept them.  */
long fork_without_strategy (const request &req) attribute_hidden;

} // namespace clone3_internal

#endif /* nptl-shim.h */
