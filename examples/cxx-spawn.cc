/* libclone3 example: cgroup-spawn again, in C++ with <clone3.hpp>: the
   pidfd closes itself, errors are std::error_code, nothing throws.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.

   Usage: cxx-spawn [PROGRAM [ARG...]]  (default: cat /proc/self/cgroup)
   Builds with -fno-exceptions -fno-rtti.  */

#include <clone3.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

namespace
{

/* The cgroup2 mount point, from /proc/self/mountinfo; false if none.  */
bool
find_cgroup2 (char *buf, std::size_t len)
{
  std::FILE *f = std::fopen ("/proc/self/mountinfo", "r");
  if (f == nullptr)
    return false;
  char line[4096];
  bool found = false;
  while (!found && std::fgets (line, sizeof line, f) != nullptr)
    {
      char point[1024];
      if (std::strstr (line, " - cgroup2 ") != nullptr
	  && std::sscanf (line, "%*s %*s %*s %*s %1023s", point) == 1)
	found = std::snprintf (buf, len, "%s", point) < static_cast<int> (len);
    }
  std::fclose (f);
  return found;
}

/* A cgroup2 leaf made for the child and removed afterwards.  */
class cgroup_leaf
{
public:
  cgroup_leaf ()
  {
    char mount[1024];
    if (!find_cgroup2 (mount, sizeof mount))
      {
	std::printf ("no cgroup2 hierarchy mounted: running without a "
		     "cgroup\n");
	return;
      }
    std::snprintf (path_, sizeof path_, "%s/libclone3-cxx-example-%d",
		   mount, static_cast<int> (getpid ()));
    if (mkdir (path_, 0755) != 0)
      {
	std::printf ("cgroup2 at %s is not writable (%s): running without "
		     "a cgroup\n", mount, std::strerror (errno));
	path_[0] = '\0';
	return;
      }
    fd_ = open (path_, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd_ < 0)
      std::printf ("cannot open %s: running without a cgroup\n", path_);
    else
      std::printf ("spawning into %s\n", path_);
  }
  cgroup_leaf (const cgroup_leaf &) = delete;
  cgroup_leaf &operator= (const cgroup_leaf &) = delete;
  ~cgroup_leaf ()
  {
    if (fd_ >= 0)
      close (fd_);
    if (path_[0] != '\0')
      rmdir (path_);
  }
  int fd () const { return fd_; }

private:
  char path_[2048] = "";
  int fd_ = -1;
};

} // namespace

int
main (int argc, char **argv)
{
  cgroup_leaf leaf;
  libclone3::args_builder args;
  args.cgroup (leaf.fd ());	// A negative descriptor means none.

  static const char *default_argv[] = { "cat", "/proc/self/cgroup",
					nullptr };
  const char *path = "/bin/cat";
  char *const *child_argv = const_cast<char *const *> (default_argv);
  if (argc > 1)
    {
      path = argv[1];
      child_argv = argv + 1;
    }

  std::fflush (stdout);
  auto [child, ec] = libclone3::spawn (path, child_argv, environ, args);
  if (ec)
    {
      std::fprintf (stderr, "cannot run %s: %s\n", path,
		    ec.message ().c_str ());
      return 1;
    }

  pollfd p = {};
  p.fd = child.pidfd.native_handle ();
  p.events = POLLIN;
  int r;
  do
    r = poll (&p, 1, -1);
  while (r < 0 && errno == EINTR);
  if (r != 1)
    {
      std::perror ("poll");
      return 1;
    }

  auto [info, wait_ec] = child.wait ();
  if (wait_ec)
    {
      std::fprintf (stderr, "wait: %s\n", wait_ec.message ().c_str ());
      return 1;
    }
  if (!info.exited ())
    {
      std::printf ("child %d killed by signal %d\n", static_cast<int> (info.pid),
		   info.term_signal ());
      return 1;
    }
  std::printf ("child %d exited with status %d\n",
	       static_cast<int> (info.pid), info.exit_status ());
  return info.exit_status ();
}
