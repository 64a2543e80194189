/* Helpers shared by the tests of <clone3.hpp>.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.  */

#ifndef CXX_TEST_H
#define CXX_TEST_H 1

#include <clone3.hpp>

#include "clone3-test.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>

/* The PID fdinfo gives for pidfd FD, or -2 if FD is not a pidfd.  */
static __attribute__ ((unused)) long
test_fdinfo_pid (int fd)
{
  char file[64], line[256];
  snprintf (file, sizeof file, "/proc/self/fdinfo/%d", fd);
  FILE *f = fopen (file, "r");
  if (f == NULL)
    return -2;
  long pid = -2;
  while (fgets (line, sizeof line, f) != NULL)
    if (sscanf (line, "Pid: %ld", &pid) == 1)
      break;
  fclose (f);
  return pid;
}

/* Whether FD is an open descriptor.  */
static __attribute__ ((unused)) bool
test_fd_open (int fd)
{
  return fcntl (fd, F_GETFD) >= 0;
}

/* Whether FD polls readable within TIMEOUT_MS.  */
static __attribute__ ((unused)) bool
test_poll_in (int fd, int timeout_ms)
{
  struct pollfd p = {};
  p.fd = fd;
  p.events = POLLIN;
  int r;
  do
    r = poll (&p, 1, timeout_ms);
  while (r < 0 && errno == EINTR);
  CHECK (r >= 0);
  return r == 1 && (p.revents & POLLIN) != 0;
}

/* EC must be clear (ERR 0) or the errno value ERR.  */
#define CHECK_EC(ec, err)						\
  do									\
    {									\
      std::error_code check_ec_ = (ec);					\
      if ((err) == 0 ? static_cast<bool> (check_ec_)			\
	  : check_ec_ != std::error_code ((err), std::generic_category ())) \
	FAIL_EXIT ("%s is %d (%s), expected %s", #ec,			\
		   check_ec_.value (), check_ec_.message ().c_str (), #err); \
    }									\
  while (0)

static __attribute__ ((unused)) void
test_expect_no_child (void)
{
  errno = 0;
  if (!(waitpid (-1, NULL, WNOHANG | __WALL) == -1 && errno == ECHILD))
    FAIL_EXIT ("an unexpected child exists");
}

#endif /* cxx-test.h */
