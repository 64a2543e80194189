/* Public clone3 wrappers: clone3, clone3_fork, clone3_fork_raw.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3.

   libclone3 is free software; you can redistribute it and/or
   modify it under the terms of the GNU Lesser General Public
   License as published by the Free Software Foundation; either
   version 2.1 of the License, or (at your option) any later version.

   libclone3 is distributed in the hope that it will be useful,
   but WITHOUT ANY WARRANTY; without even the implied warranty of
   MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the GNU
   Lesser General Public License for more details.

   You should have received a copy of the GNU Lesser General Public
   License along with libclone3; if not, see
   <https://www.gnu.org/licenses/>.  */

#ifndef _CLONE3_H
#define _CLONE3_H 1

#include <features.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* struct clone_args and the CLONE_* flags are the kernel's.  Take them
   from <linux/sched.h>, so that it can be included before or after this
   header.  If this header comes first, the kernel's structure is renamed
   while it is read and the complete (VER2, 88-byte) structure is defined
   below, so that old kernel headers lacking fields still give users the
   whole structure; a later #include <linux/sched.h> is then a no-op
   thanks to its include guard.  */
#ifndef _LINUX_SCHED_H
# define clone_args __clone3_uapi_clone_args
# include <linux/sched.h>
# undef clone_args
# define __CLONE3_DEFINE_CLONE_ARGS 1
#elif !defined CLONE_ARGS_SIZE_VER2
# error "<linux/sched.h> older than Linux 5.7 was included before <clone3.h>"
#endif

#ifdef __CLONE3_DEFINE_CLONE_ARGS
# undef __CLONE3_DEFINE_CLONE_ARGS
/* The layout is fixed by the kernel ABI: every member is 64 bits wide and
   8-byte aligned, on 32-bit architectures too.  */
struct clone_args
{
  __extension__ unsigned long long int flags __attribute__ ((__aligned__ (8)));
  __extension__ unsigned long long int pidfd __attribute__ ((__aligned__ (8)));
  __extension__ unsigned long long int child_tid __attribute__ ((__aligned__ (8)));
  __extension__ unsigned long long int parent_tid __attribute__ ((__aligned__ (8)));
  __extension__ unsigned long long int exit_signal __attribute__ ((__aligned__ (8)));
  __extension__ unsigned long long int stack __attribute__ ((__aligned__ (8)));
  __extension__ unsigned long long int stack_size __attribute__ ((__aligned__ (8)));
  __extension__ unsigned long long int tls __attribute__ ((__aligned__ (8)));
  __extension__ unsigned long long int set_tid __attribute__ ((__aligned__ (8)));
  __extension__ unsigned long long int set_tid_size __attribute__ ((__aligned__ (8)));
  __extension__ unsigned long long int cgroup __attribute__ ((__aligned__ (8)));
};
#endif

/* Flags and sizes that older kernel headers lack.  */
#ifndef CLONE_PIDFD
# define CLONE_PIDFD 0x00001000
#endif
#ifndef CLONE_NEWTIME
# define CLONE_NEWTIME 0x00000080
#endif
#ifndef CLONE_CLEAR_SIGHAND
# define CLONE_CLEAR_SIGHAND 0x100000000ULL
#endif
#ifndef CLONE_INTO_CGROUP
# define CLONE_INTO_CGROUP 0x200000000ULL
#endif
/* Linux 7.1's clone3 flags.  A kernel without them refuses them with
   EINVAL; the library passes them on either way.  */
#ifndef CLONE_AUTOREAP
# define CLONE_AUTOREAP (1ULL << 34)	/* Reaped at exit, never a zombie.  */
#endif
#ifndef CLONE_NNP
# define CLONE_NNP (1ULL << 35)		/* Child starts with no_new_privs.  */
#endif
#ifndef CLONE_PIDFD_AUTOKILL
# define CLONE_PIDFD_AUTOKILL (1ULL << 36) /* SIGKILL when the pidfd goes.  */
#endif
#ifndef CLONE_EMPTY_MNTNS
# define CLONE_EMPTY_MNTNS (1ULL << 37)	/* New, empty mount namespace.  */
#endif
#ifndef CLONE_ARGS_SIZE_VER0
# define CLONE_ARGS_SIZE_VER0 64
#endif
#ifndef CLONE_ARGS_SIZE_VER1
# define CLONE_ARGS_SIZE_VER1 80
#endif
#ifndef CLONE_ARGS_SIZE_VER2
# define CLONE_ARGS_SIZE_VER2 88
#endif

#ifndef __THROW
# define __THROW
#endif
#ifndef __THROWNL
# define __THROWNL __THROW
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Create a child with the clone3 system call that runs FN (ARG) and then
   exits (a thread exit) with FN's return value as its status.  STACK in
   *CL_ARGS is the lowest address of the child's stack; the child's stack
   pointer is aligned by the wrapper.  Returns the child's thread ID in the
   parent, or -1 with errno set.  */
extern pid_t clone3 (struct clone_args *__cl_args, size_t __size,
		     int (*__fn) (void *__arg), void *__arg) __THROW;

/* Like fork, with clone3's arguments: runs the pthread_atfork handlers and
   leaves the child the libc state fork leaves.  Returns twice: 0 in the
   child, the child's PID in the parent; -1 with errno set on failure.  */
extern pid_t clone3_fork (struct clone_args *__cl_args, size_t __size)
     __THROWNL;

/* Like _Fork, with clone3's arguments: async-signal-safe, runs no atfork
   handlers, takes no libc locks.  */
extern pid_t clone3_fork_raw (struct clone_args *__cl_args, size_t __size)
     __THROW;

/* The name of the strategy clone3_fork uses in this process: "dispatch",
   "relay", "emulate", or "none" if it cannot run (standalone only).  */
extern const char *clone3_fork_strategy (void) __THROW;

#ifdef __cplusplus
}
#endif

#endif /* clone3.h */
