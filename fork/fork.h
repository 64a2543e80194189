/* clone3_fork's strategies: how a fork-like child is made with clone3's
   arguments on an unmodified glibc.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.

   docs/design.md explains the strategies; each file here says how its
   part works:
     strategy.cc           which strategy serves a request
     dispatch.cc           dispatch: glibc's fork, its clone turned into
                           clone3 (the window and the fork)
     dispatch-install.cc   dispatch: the SIGSYS handler's installation
     dispatch-handler.cc   dispatch: the SIGSYS handler
     dispatch-probe.cc     dispatch: whether the kernel dispatches
     relay.cc              relay: glibc's fork makes an intermediate,
                           which makes the child
     emulate.cc            emulate: clone3 and _Fork's repairs
     plain-fork.cc         requests glibc's own fork serves
   They reach glibc's private state through nptl-shim/.  */

#ifndef _CLONE3_FORK_H
#define _CLONE3_FORK_H 1

#include "nptl-shim.h"

namespace clone3_internal {

/* Run the library's initialisation (posix/init.cc) if it has not run
   yet; every entry point that forks calls it first.  */
void ensure_initialised () attribute_hidden;

/* The strategies; none is no strategy at all (nothing forced, nothing
   used yet), unavailable one that cannot serve.  */
enum class fork_strategy { dispatch, relay, emulate, unavailable, none };

/* The strategy clone3_fork uses now for REQ (nullptr: for a request
   every strategy can serve).  */
fork_strategy fork_strategy_choose (const request *req) attribute_hidden;
/* Whether CLONE3_FORK_STRATEGY forces a strategy (or names none).  */
bool fork_strategy_forced () attribute_hidden;
/* Record the strategy a successful clone3_fork used.  */
void fork_strategy_record (fork_strategy s) attribute_hidden;
/* Read CLONE3_FORK_STRATEGY (library_init).  */
void fork_strategy_init () attribute_hidden;

/* The system call of a fork-like child with _Fork's repairs: every
   signal blocked around it, and in the child glibc's internal signal
   actions kept (CLONE_CLEAR_SIGHAND) and ROBUST emptied.  REQ's child
   TID is the thread descriptor's already.  Returns as fork_syscall
   does.  */
long fork_repaired (const request &req, const robust_list_door &robust)
  attribute_hidden;

/* fork with REQ through raw clone3 plus the shim's own repairs; runs the
   atfork handlers if HANDLERS.  Returns as fork_syscall does.  */
long fork_emulate (request &req, bool handlers) attribute_hidden;

/* The dispatch strategy (dispatch*.cc): whether this kernel dispatches
   system calls (proved once by a probe), and fork through it.  */
bool dispatch_available () attribute_hidden;
long fork_dispatch (request &req) attribute_hidden;
/* Whether dispatch gives way now: the application has a SIGSYS handler
   of its own, and owns SIGSYS (and may use the dispatch itself); relay
   or emulate serve instead, forced dispatch too.  */
bool dispatch_yields () attribute_hidden;
/* Register dispatch's atfork hooks (library_init).  */
void dispatch_init () attribute_hidden;

/* The relay strategy (relay.cc): whether it can serve REQ (only SIGCHLD
   as the exit signal, no CLONE_PARENT of the caller's, no flag whose
   meaning depends on the calling process), and fork through it.  Where
   the process's state leaves relay unable to (a PID namespace whose
   init the intermediate would be, no socket, no second process slot),
   fork_relay serves REQ another way, and sets *USED to the strategy
   that did.  */
bool relay_can_serve (const request &req) attribute_hidden;
long fork_relay (request &req, fork_strategy *used) attribute_hidden;
/* Register relay's atfork hooks (library_init).  */
void relay_init () attribute_hidden;

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
/* The process's fork, called through the PLT (the dispatch and relay
   strategies' fork, and glibc_fork's): an LD_PRELOAD interposer of fork
   sees the call.  If this thread is already inside such a call made by
   the library and fork is interposed, glibc's own fork instead, so that
   an interposer made of clone3_fork cannot call itself without end.  */
pid_t process_fork () attribute_hidden;
/* Whether clone3_fork's REQ is the process's fork calling back into the
   library: a request fork expresses, made from inside the library's own
   call of an interposed fork, before anything else in it did so.  Then
   it is that call's fork, and glibc_own_fork makes it: the outer call's
   strategy shapes the child.  */
bool fork_called_back (const request &req) attribute_hidden;
/* glibc's own fork, whoever interposes the process's; returns as
   fork_syscall does.  */
long glibc_own_fork () attribute_hidden;
/* When no strategy can make REQ's child: the kernel's verdict on REQ's
   arguments (a negated errno), made without a child, or -ENOSYS where
   the kernel would accept them.  */
long fork_without_strategy (const request &req) attribute_hidden;

} // namespace clone3_internal

#endif /* fork.h */
