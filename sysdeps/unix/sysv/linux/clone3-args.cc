/* Copying and checking clone3 argument blocks.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.  */

#include "clone3-internal.h"

#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sysdep.h>

namespace clone3_internal {

/* The offsets the assembly and the kernel rely on.  */
static_assert (sizeof (struct clone_args) == CLONE_ARGS_SIZE_VER2, "VER2");
static_assert (offsetof (struct clone_args, flags) == 0, "flags");
static_assert (offsetof (struct clone_args, pidfd) == 8, "pidfd");
static_assert (offsetof (struct clone_args, child_tid) == 16, "child_tid");
static_assert (offsetof (struct clone_args, parent_tid) == 24, "parent_tid");
static_assert (offsetof (struct clone_args, exit_signal) == 32, "exit_signal");
static_assert (offsetof (struct clone_args, stack) == 40, "stack");
static_assert (offsetof (struct clone_args, stack_size) == 48, "stack_size");
static_assert (offsetof (struct clone_args, tls) == 56, "tls");
static_assert (offsetof (struct clone_args, set_tid) == CLONE_ARGS_SIZE_VER0,
	       "set_tid");
static_assert (offsetof (struct clone_args, cgroup) == CLONE_ARGS_SIZE_VER1,
	       "cgroup");

namespace {

/* Copy through a pipe: write reports a bad source address as EFAULT,
   read a bad destination.  LEN is at most a few hundred bytes, well
   within a pipe's buffer.  Returns 0, -EFAULT, or 1 if no pipe can be
   had.  */
int
copy_through_pipe (void *dst, const void *src, size_t len)
{
  int fds[2];
  if (internal_syscall (SYS_pipe2, fds, O_CLOEXEC) != 0)
    return 1;
  const long want = static_cast<long> (len);
  long n = internal_syscall (SYS_write, fds[1], src, len);
  if (n == want)
    n = internal_syscall (SYS_read, fds[0], dst, len);
  internal_close (fds[0]);
  internal_close (fds[1]);
  if (n == want)
    return 0;
  return n == -EFAULT ? -EFAULT : 1;
}

/* Copy LEN bytes from SRC to DST, one of them the caller's memory (the
   other, the library's, is good), as the kernel copies from and to a
   process: a bad address is -EFAULT, never a fault.  */
int
copy_with_caller (void *dst, const void *src, size_t len, bool to_caller)
{
  if (len == 0)
    return 0;
  struct iovec mine = { const_cast<void *> (to_caller ? src : dst), len };
  struct iovec theirs = { const_cast<void *> (to_caller ? dst : src), len };
  long self = internal_syscall (SYS_getpid);
  long n = internal_syscall (to_caller ? SYS_process_vm_writev
			     : SYS_process_vm_readv,
			     self, &mine, 1, &theirs, 1, 0);
  if (n == static_cast<long> (len))
    return 0;
  if (n >= 0 || n == -EFAULT)
    return -EFAULT;
  /* process_vm_readv and _writev themselves are unavailable (an old
     kernel, qemu-user, or a seccomp policy that forbids them): a pipe,
     and only if even that fails, a plain copy, as a libc function would
     make.  */
  int r = copy_through_pipe (dst, src, len);
  if (r != 1)
    return r;
  memcpy (dst, src, len);
  return 0;
}

} // anonymous namespace

int
copy_from_caller (void *dst, const void *src, size_t len)
{
  return copy_with_caller (dst, src, len, false);
}

int
store_to_caller (void *dst, const void *src, size_t len)
{
  return copy_with_caller (dst, src, len, true);
}

namespace {

/* The offset past the last non-zero byte among the LEN bytes at SRC
   (0 if all are zero), or -EFAULT if they cannot be read.  */
long
nonzero_end (const unsigned char *src, size_t len)
{
  unsigned char buf[256];
  long end = 0;
  for (size_t off = 0; off < len; off += sizeof buf)
    {
      size_t n = len - off < sizeof buf ? len - off : sizeof buf;
      int r = copy_from_caller (buf, src + off, n);
      if (r != 0)
	return r;
      for (size_t i = n; i > 0; --i)
	if (buf[i - 1] != 0)
	  {
	    end = static_cast<long> (off + i);
	    break;
	  }
    }
  return end;
}

/* The kernel's valid_signal: 0 to _NSIG, which is 64 on Linux except
   MIPS (128).  */
bool
valid_exit_signal (uint64_t sig)
{
#ifdef __mips__
  constexpr uint64_t kernel_nsig = 128;
#else
  constexpr uint64_t kernel_nsig = 64;
#endif
  return (sig & ~csignal) == 0 && sig <= kernel_nsig;
}

/* Whether the LEN bytes at P lie in the pages of this thread's stack
   that run from the page of A to the page of B, two objects in frames
   that are live now (on the way from the caller to here).  Every byte of
   those pages is mapped and writable, so a plain copy from them cannot
   fault.  The frames must be near each other: a frame that is not on
   the machine stack (AddressSanitizer's fake stack, a split stack) is
   far away, and then nothing is assumed.  */
bool
in_live_stack_pages (const void *p, size_t len, const void *a,
		     const void *b, uintptr_t page)
{
  constexpr uintptr_t near = 64 * 1024;
  uintptr_t x = reinterpret_cast<uintptr_t> (a);
  uintptr_t y = reinterpret_cast<uintptr_t> (b);
  uintptr_t lo = x < y ? x : y;
  uintptr_t hi = x < y ? y : x;
  if (hi - lo > near)
    return false;
  lo &= -page;
  hi = (hi | (page - 1)) + 1;
  uintptr_t s = reinterpret_cast<uintptr_t> (p);
  return s >= lo && s < hi && len <= hi - s;
}

} // anonymous namespace

request_mapping::~request_mapping ()
{
  if (addr_ != nullptr)
    munmap (addr_, len_);
}

void *
request_mapping::map (size_t len)
{
  void *p = mmap (nullptr, len, PROT_READ | PROT_WRITE,
		  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED)
    return nullptr;
  addr_ = p;
  len_ = len;
  return p;
}

const void *
request::kernel_block () const
{
  if (outline == nullptr)
    return &args;
  memcpy (outline, &args, sizeof args);
  return outline;
}

int
load_request (const struct clone_args *user, size_t usize, request *req,
	      request_mapping *map)
{
  /* Every clone3 since Linux 5.3 refuses a block larger than a page
     before it reads anything (copy_clone_args_from_user), and the size
     is part of its ABI; the library will not copy more either.  */
  uintptr_t page = getauxval (AT_PAGESZ);
  if (usize > page)
    return -E2BIG;

  /* The whole union: {} would zero only its first member.  */
  memset (req->inline_block, 0, sizeof req->inline_block);
  req->outline = nullptr;
  size_t head = usize < request_inline_size ? usize : request_inline_size;
  req->size = head;
  if (usize > request_inline_size)
    {
      /* The bytes past what a request holds go to the kernel too, if any
	 is non-zero: a field of a structure newer than this library's,
	 which a kernel that knows it takes and others refuse (E2BIG).  */
      const unsigned char *tail
	= reinterpret_cast<const unsigned char *> (user) + head;
      long end = nonzero_end (tail, usize - head);
      if (end < 0)
	return static_cast<int> (end);
      if (end > 0)
	{
	  unsigned char *block
	    = static_cast<unsigned char *> (map->map (usize));
	  if (block == nullptr)
	    return -ENOMEM;
	  int r = copy_from_caller (block + head, tail, usize - head);
	  if (r != 0)
	    return r;
	  req->outline = block;
	  req->size = usize;
	}
    }

  /* The usual caller has the block in its own frame, next to the frame
     that holds *REQ: then it is read without a system call (the copy
     through the kernel costs more than a microsecond).  */
  if (in_live_stack_pages (user, head, __builtin_frame_address (0),
			   reinterpret_cast<const char *> (req + 1) - 1, page))
    {
      memcpy (req->inline_block, user, head);
      return 0;
    }
  return copy_from_caller (req->inline_block, user, head);
}

int
check_legacy_request (const request &req)
{
  /* The checks, and their order, of copy_clone_args_from_user (the page
     size limit was load_request's).  */
  if (req.size < CLONE_ARGS_SIZE_VER0)
    return -EINVAL;
  const struct clone_args &a = req.args;
  if (a.set_tid_size > max_set_tid_size)
    return -EINVAL;
  if (a.set_tid == 0 && a.set_tid_size > 0)
    return -EINVAL;
  if (a.set_tid != 0 && a.set_tid_size == 0)
    return -EINVAL;
  if (!valid_exit_signal (a.exit_signal))
    return -EINVAL;
  if ((a.flags & CLONE_INTO_CGROUP) != 0
      && (a.cgroup > INT_MAX || req.size < CLONE_ARGS_SIZE_VER2))
    return -EINVAL;

  /* And those of clone3_args_valid, for the flags this library knows.  */
  if ((a.flags & (clone_detached | (csignal & ~uint64_t (CLONE_NEWTIME))))
      != 0)
    return -EINVAL;
  if ((a.flags & (CLONE_SIGHAND | CLONE_CLEAR_SIGHAND))
      == (CLONE_SIGHAND | CLONE_CLEAR_SIGHAND))
    return -EINVAL;
  if ((a.flags & (CLONE_THREAD | CLONE_PARENT)) != 0 && a.exit_signal != 0)
    return -EINVAL;
  if (a.stack == 0 ? a.stack_size != 0
      : a.stack_size == 0 || a.stack + a.stack_size < a.stack)
    return -EINVAL;

  /* What is newer than the legacy call: a flag it has no bit for (Linux
     7.1's CLONE_AUTOREAP, CLONE_NNP, CLONE_PIDFD_AUTOKILL and
     CLONE_EMPTY_MNTNS among them), or a field past the structure this
     library knows.  A kernel with clone3 would decide; without it the
     request cannot be made as asked, and is never made without them.  */
  if ((a.flags & ~legacy_known_flags) != 0)
    return -ENOSYS;
  if (req.outline != nullptr)
    return -ENOSYS;
  const size_t known = sizeof (struct clone_args) / sizeof (uint64_t);
  for (size_t i = known; i < request_inline_size / sizeof (uint64_t); ++i)
    if (req.inline_block[i] != 0)
      return -ENOSYS;
  return 0;
}

int
check_fork_request (const request &req)
{
  if ((req.args.flags & fork_refused_flags) != 0
      || req.args.stack != 0 || req.args.stack_size != 0)
    return -EINVAL;
  return 0;
}

int
load_fork_request (const struct clone_args *user, size_t usize,
		   request *req, request_mapping *map)
{
  int r = load_request (user, usize, req, map);
  if (r == 0)
    r = check_fork_request (*req);
  if (r == 0 && clone3_known_missing ())
    r = check_legacy_request (*req);
  return r;
}

} // namespace clone3_internal
