/* CLONE_INTO_CGROUP through clone3, clone3_fork and clone3_fork_raw puts
   the child into a fresh cgroup2 leaf from birth: the child finds itself
   there in /proc/self/cgroup before doing anything else, the parent finds
   it in the leaf's cgroup.procs while it waits, and the parent itself
   stays where it was.  Without clone3 the request fails with ENOSYS and
   makes no child.  The leaf is removed afterwards.  UNSUPPORTED without
   a writable cgroup2 hierarchy.  */
/* { dg-do run } */

#include "clone3-test.h"
#include "test-child.h"
#include "test-cgroup.h"

/* Short enough for test_cgroup_has's buffer.  */
static char leaf[1024];
/* "/libclone3-test-PID", the end of the leaf's path in /proc's view.  */
static char leaf_tail[64];
static int leaf_fd = -1;
static pid_t owner;

static void
remove_leaf (void)
{
  if (getpid () == owner && leaf_fd >= 0)
    {
      test_cgroup_remove (leaf, leaf_fd);
      leaf_fd = -1;
    }
}

/* The cgroup2 path of this process, from /proc/self/cgroup, in BUF.  */
static int
own_cgroup (char *buf, size_t len)
{
  FILE *f = fopen ("/proc/self/cgroup", "r");
  if (f == NULL)
    return -1;
  char line[1200];
  int found = -1;
  while (fgets (line, sizeof line, f) != NULL)
    if (strncmp (line, "0::", 3) == 0)
      {
	line[strcspn (line, "\n")] = '\0';
	snprintf (buf, len, "%s", line + 3);
	found = 0;
	break;
      }
  fclose (f);
  return found;
}

struct pipes
{
  int report[2];		/* Child to parent: its own verdict.  */
  int release[2];		/* Parent to child: EOF lets it go.  */
};

static int
child_body (void *arg)
{
  struct pipes *p = arg;
  char cg[1200];
  char verdict = 'y';
  size_t n, t = strlen (leaf_tail);
  if (own_cgroup (cg, sizeof cg) != 0)
    verdict = 'e';
  else if ((n = strlen (cg)) < t || strcmp (cg + n - t, leaf_tail) != 0)
    verdict = 'n';
  close (p->report[0]);
  close (p->release[1]);
  if (write (p->report[1], &verdict, 1) != 1)
    return 3;
  char c;
  while (read (p->release[0], &c, 1) < 0 && errno == EINTR)
    ;
  return verdict == 'y' ? 0 : verdict == 'n' ? 1 : 2;
}

static int
do_test (void)
{
  int fds = test_count_fds ();
  const char *why;
  owner = getpid ();
  leaf_fd = test_cgroup_leaf (leaf, sizeof leaf, &why);
  if (leaf_fd < 0)
    UNSUPPORTED ("CLONE_INTO_CGROUP: %s", why);
  atexit (remove_leaf);
  snprintf (leaf_tail, sizeof leaf_tail, "%s", strrchr (leaf, '/'));

  char mine[1200];
  if (own_cgroup (mine, sizeof mine) != 0)
    UNSUPPORTED ("no cgroup2 line in /proc/self/cgroup");

  for (int w = TEST_CLONE3; w <= TEST_FORK_RAW; ++w)
    {
      struct pipes p;
      CHECK (pipe2 (p.report, O_CLOEXEC) == 0);
      CHECK (pipe2 (p.release, O_CLOEXEC) == 0);
      struct clone_args a = test_args (CLONE_INTO_CGROUP, SIGCHLD);
      a.cgroup = leaf_fd;
      errno = 0;
      pid_t pid = test_spawn (w, &a, child_body, &p);
      int err = errno;
      close (p.report[1]);
      close (p.release[0]);

      if (clone3_test_enosys)
	{
	  if (pid != -1 || err != ENOSYS)
	    FAIL_EXIT ("%s (CLONE_INTO_CGROUP) without clone3: returned "
		       "%d, errno %s; expected ENOSYS", test_names[w], (int) pid,
		       strerror (err));
	  errno = 0;
	  CHECK (waitpid (-1, NULL, WNOHANG | __WALL) == -1
		 && errno == ECHILD);
	  char c;
	  CHECK_EQ (read (p.report[0], &c, 1), 0);
	}
      else
	{
	  if (pid < 0)
	    FAIL_EXIT ("%s (CLONE_INTO_CGROUP): %s", test_names[w],
		       strerror (err));
	  char verdict = 0;
	  ssize_t r;
	  do
	    r = read (p.report[0], &verdict, 1);
	  while (r < 0 && errno == EINTR);
	  CHECK_EQ (r, 1);
	  /* Still alive and waiting: it must be listed in the leaf.  */
	  if (!test_cgroup_has (leaf, pid))
	    FAIL_EXIT ("%s: child %d is not in %s/cgroup.procs", test_names[w],
		       (int) pid, leaf);
	  if (test_cgroup_has (leaf, getpid ()))
	    FAIL_EXIT ("%s: the parent was moved into the leaf", test_names[w]);
	  close (p.release[1]);
	  p.release[1] = -1;
	  int st = test_wait_exit (pid);
	  if (verdict != 'y' || st != 0)
	    FAIL_EXIT ("%s: the child did not find itself in %s (verdict "
		       "%c, status %d)", test_names[w], leaf_tail, verdict, st);
	}
      close (p.report[0]);
      if (p.release[1] >= 0)
	close (p.release[1]);

      /* The parent stays where it was.  */
      char now[1200];
      CHECK (own_cgroup (now, sizeof now) == 0);
      if (strcmp (now, mine) != 0)
	FAIL_EXIT ("%s: the parent moved from %s to %s", test_names[w], mine,
		   now);
    }

  remove_leaf ();
  struct stat st;
  if (stat (leaf, &st) == 0)
    FAIL_EXIT ("the leaf %s could not be removed", leaf);
  CHECK_EQ (test_count_fds (), fds);
  return 0;
}
