/* What a machine offers libclone3: whether the kernel has clone3 and
   Syscall User Dispatch, and which strategy clone3_fork picks.  Prints
   one line "@@probe clone3 yes|no sud yes|no|refused strategy NAME",
   NAME "none(PICKED:ERRNO)" when clone3_fork failed; "refused" is a
   kernel that accepts the prctl where the library's own probe finds
   the dispatch unusable (asked of a copy of this program run with
   CLONE3_FORK_STRATEGY=dispatch).
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.  */

#define _GNU_SOURCE 1
#include <clone3.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef SYS_clone3
# define SYS_clone3 435
#endif
#ifndef PR_SET_SYSCALL_USER_DISPATCH
# define PR_SET_SYSCALL_USER_DISPATCH 59
# define PR_SYS_DISPATCH_OFF 0
#endif

/* Whether the library lets the dispatch strategy run: in a copy of
   this program with it forced, since the library reads the variable
   when it is loaded.  */
static int
dispatch_usable (void)
{
  pid_t pid = fork ();
  if (pid == 0)
    {
      char *const argv[] = { (char *) "probe", (char *) "--dispatch", NULL };
      setenv ("CLONE3_FORK_STRATEGY", "dispatch", 1);
      execv ("/proc/self/exe", argv);
      _exit (2);
    }
  int status;
  return pid > 0 && waitpid (pid, &status, 0) == pid && WIFEXITED (status)
	 && WEXITSTATUS (status) == 0;
}

int
main (int argc, char **argv)
{
  if (argc > 1 && strcmp (argv[1], "--dispatch") == 0)
    return strcmp (clone3_fork_strategy (), "dispatch") == 0 ? 0 : 1;

  /* A kernel with clone3 refuses a NULL block of size 0 with EINVAL.  */
  int has_clone3 = !(syscall (SYS_clone3, NULL, 0) == -1 && errno == ENOSYS);
  /* Turning dispatch off is accepted wherever the prctl exists.  */
  int has_sud = prctl (PR_SET_SYSCALL_USER_DISPATCH, PR_SYS_DISPATCH_OFF,
		       0, 0, 0) == 0;
  struct clone_args a;
  memset (&a, 0, sizeof a);
  a.exit_signal = SIGCHLD;
  pid_t pid = clone3_fork (&a, sizeof a);
  if (pid == 0)
    _exit (0);
  if (pid > 0)
    waitpid (pid, NULL, 0);
  int err = errno;
  /* A strategy that was picked but could not make the child shows as
     "none(NAME:ERRNO)".  */
  char strategy[128];
  if (pid < 0)
    snprintf (strategy, sizeof strategy, "none(%s:%s)",
	      clone3_fork_strategy (), strerrorname_np (err) ?: "?");
  else
    snprintf (strategy, sizeof strategy, "%s", clone3_fork_strategy ());
  const char *sud = "no";
  if (has_sud)
    sud = dispatch_usable () ? "yes" : "refused";
  printf ("@@probe clone3 %s sud %s strategy %s\n",
	  has_clone3 ? "yes" : "no", sud, strategy);
  return 0;
}
