/* The children of clone3_fork and clone3_fork_raw share open file
   descriptions with the parent, as fork's do: reads and writes the child
   makes through an inherited descriptor move the offset the parent sees,
   and the data land where the parent expects them.  With CLONE_FILES
   the descriptor table itself is shared: a descriptor the child opens
   is open in the parent, one it closes is closed there.  */
/* { dg-do run } */

#include "clone3-test.h"
#include "test-child.h"

#include <fcntl.h>

enum which { CLONE3_FORK, CLONE3_FORK_RAW };
static const char *const names[] = { "clone3_fork", "clone3_fork_raw" };

static pid_t
make_child (enum which w, unsigned long long flags)
{
  struct clone_args a = test_args (flags, SIGCHLD);
  return w == CLONE3_FORK ? clone3_fork (&a, sizeof a)
	 : clone3_fork_raw (&a, sizeof a);
}

static const char data[] = "0123456789abcdefghijklmnopqrstuvwxyz";

static void
offsets (enum which w)
{
  FILE *f = tmpfile ();
  CHECK (f != NULL);
  int fd = fileno (f);
  CHECK_EQ (write (fd, data, sizeof data - 1), (long) sizeof data - 1);
  CHECK_EQ (lseek (fd, 4, SEEK_SET), 4);

  pid_t pid = make_child (w, 0);
  if (pid == 0)
    {
      /* Read 6 bytes at offset 4, then overwrite the next 3.  */
      char buf[6];
      if (read (fd, buf, sizeof buf) != (ssize_t) sizeof buf
	  || memcmp (buf, data + 4, sizeof buf) != 0)
	_exit (1);
      if (write (fd, "XYZ", 3) != 3)
	_exit (2);
      _exit (0);
    }
  CHECK (pid > 0);
  CHECK_EQ (test_wait_exit (pid), 0);
  off_t off = lseek (fd, 0, SEEK_CUR);
  if (off != 13)
    FAIL_EXIT ("%s: the parent's offset is %ld after the child's read and "
	       "write, expected 13", names[w], (long) off);
  /* The parent goes on where the child stopped.  */
  char buf[3];
  CHECK_EQ (read (fd, buf, sizeof buf), 3);
  CHECK (memcmp (buf, data + 13, sizeof buf) == 0);
  CHECK_EQ (pread (fd, buf, sizeof buf, 10), 3);
  CHECK (memcmp (buf, "XYZ", 3) == 0);
  CHECK_EQ (fclose (f), 0);
}

static void
shared_table (enum which w)
{
  int before = test_count_fds ();
  int victim = open ("/dev/null", O_RDONLY | O_CLOEXEC);
  CHECK (victim >= 0);
  int pipefd[2];
  CHECK (pipe2 (pipefd, O_CLOEXEC) == 0);

  pid_t pid = make_child (w, CLONE_FILES);
  if (pid == 0)
    {
      /* Open one, close one, and tell the parent which was opened.  */
      int fd = open ("/dev/null", O_RDONLY | O_CLOEXEC);
      if (fd < 0 || close (victim) != 0)
	_exit (1);
      if (write (pipefd[1], &fd, sizeof fd) != sizeof fd)
	_exit (2);
      _exit (0);
    }
  CHECK (pid > 0);
  CHECK_EQ (test_wait_exit (pid), 0);
  int opened;
  CHECK_EQ (read (pipefd[0], &opened, sizeof opened), (long) sizeof opened);
  errno = 0;
  if (fcntl (victim, F_GETFD) != -1 || errno != EBADF)
    FAIL_EXIT ("%s (CLONE_FILES): a descriptor the child closed is still "
	       "open in the parent", names[w]);
  if (fcntl (opened, F_GETFD) < 0)
    FAIL_EXIT ("%s (CLONE_FILES): the descriptor the child opened is not "
	       "open in the parent", names[w]);
  CHECK (close (opened) == 0);
  CHECK (close (pipefd[0]) == 0);
  CHECK (close (pipefd[1]) == 0);
  CHECK_EQ (test_count_fds (), before);
}

static int
do_test (void)
{
  for (int w = CLONE3_FORK; w <= CLONE3_FORK_RAW; ++w)
    {
      offsets (w);
      shared_table (w);
    }
  return 0;
}
