/* clone3_spawn: posix_spawn's fast path with a pidfd and cgroup placement.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.  */

#ifndef CLONE3_SPAWN_H
#define CLONE3_SPAWN_H 1

#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Run PATH with ARGV and ENVP in a new process, as posix_spawn (&pid,
   PATH, NULL, NULL, ARGV, ENVP) does, with glibc's own technique: a
   clone3 (CLONE_VM | CLONE_VFORK) child on a stack of its own, all
   signals blocked around the call, the child resetting caught signals to
   their default action and restoring the caller's mask just before
   execve, and an exec failure reported back through the shared memory.
   The cost therefore does not grow with the caller's size.

   If PIDFD is not NULL, *PIDFD receives a pidfd for the child
   (CLONE_PIDFD, close-on-exec).  If CGROUP_FD is not negative, the child
   is born in that cgroup2 directory (CLONE_INTO_CGROUP).

   Returns the child's PID; the caller reaps it as usual (waitpid, or
   waitid (P_PIDFD, ...)), and the child raises SIGCHLD.  Returns -1 with
   errno set if no child could be made or if execve failed (the child has
   then been reaped already, as posix_spawn does).  */
extern pid_t clone3_spawn (const char *path, char *const argv[],
			   char *const envp[], int *pidfd, int cgroup_fd);

#ifdef __cplusplus
}
#endif

#endif /* clone3-spawn.h */
