/* Internal interfaces shared by the clone3 entry points.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.  */

#ifndef _CLONE3_INTERNAL_H
#define _CLONE3_INTERNAL_H 1

#include <clone3.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>

#define attribute_hidden __attribute__ ((visibility ("hidden")))

/* The callback wrapper, in <arch>/clone3.S (or the generic clone3.cc,
   which says ENOSYS).  Returns the child's TID or a negated errno.  */
extern "C" long __clone3_raw (struct clone_args *cl_args, size_t size,
			      int (*fn) (void *), void *arg) attribute_hidden;

/* legacy-clone.h.  */
struct legacy_clone_args;

namespace clone3_internal {

/* Flag groups as the kernel's clone3 sees them.  */
constexpr uint64_t legacy_flags = 0xffffffffULL;
constexpr uint64_t csignal = 0xff;
constexpr uint64_t clone_detached = 0x00400000ULL;
/* The flags the legacy clone path knows how to carry or refuse; only
   there does the library judge flags itself (check_legacy_request).
   Where clone3 exists the kernel judges every flag.  */
constexpr uint64_t legacy_known_flags
  = legacy_flags | CLONE_CLEAR_SIGHAND | CLONE_INTO_CGROUP;
/* The deepest PID namespace nesting the kernel allows (MAX_PID_NS_LEVEL).  */
constexpr uint64_t max_set_tid_size = 32;

/* Flags clone3_fork and clone3_fork_raw refuse: the child must be a
   process with its own memory, and the implementation owns the child's
   TID pointer.  */
constexpr uint64_t fork_refused_flags
  = CLONE_VM | CLONE_THREAD | CLONE_SIGHAND | CLONE_SETTLS
    | CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID;

/* How much of a caller's argument block a request holds in itself: the
   kernel's structure (88 bytes in Linux 5.7 to 7.2) and room for 53 more
   64-bit fields.  A block with a non-zero byte past this is held in a
   mapping of its own (request_mapping).  */
constexpr size_t request_inline_size = 512;

/* A caller's argument block, copied out of its memory, as the kernel is
   to be given it: the library adds its own flags and pointers (the
   child's TID address, CLONE_PARENT for relay) to ARGS and leaves every
   other byte as the caller wrote it, so that flags and fields newer than
   this library reach the kernel unchanged.  */
struct request
{
  union
  {
    struct clone_args args;
    uint64_t inline_block[request_inline_size / sizeof (uint64_t)];
  };
  /* What the kernel is told: the caller's size, or request_inline_size
     when every byte past that is zero (the kernel treats both alike).  */
  size_t size;
  /* nullptr, or the whole SIZE-byte block for a caller's block with
     non-zero bytes past request_inline_size; ARGS is copied to its start
     when the kernel is given it.  */
  unsigned char *outline;

  /* The block to give the kernel's clone3, with ARGS as they are now.  */
  const void *kernel_block () const;
};

/* Owns the mapping a request's outline block lives in.  */
class request_mapping
{
public:
  request_mapping () = default;
  ~request_mapping ();
  request_mapping (const request_mapping &) = delete;
  request_mapping &operator= (const request_mapping &) = delete;
  void *map (size_t len);
private:
  void *addr_ = nullptr;
  size_t len_ = 0;
};

/* Copy *USER (USIZE bytes) into *REQ, the bytes past
   request_inline_size, if any is non-zero, into a mapping MAP owns.
   Returns 0, or -EFAULT if the block cannot be read, -E2BIG if USIZE is
   larger than the page size (the most the kernel's clone3 reads, by its
   ABI), -ENOMEM if no mapping can be had; nothing else is checked: the
   kernel judges the request (check_legacy_request does where it
   cannot).  REQ is a local object of the caller (a block next to it on
   the stack is read directly).  */
int load_request (const struct clone_args *user, size_t usize,
		  request *req, request_mapping *map) attribute_hidden;

/* Check REQ the way the kernel's clone3 checks its argument block, for
   the legacy clone path: the same errors as clone3 would give, and
   ENOSYS for what legacy clone cannot carry (flags it does not know, a
   non-zero extension past the known structure, CLONE_INTO_CGROUP,
   CLONE_NEWTIME, set_tid, a pidfd with CLONE_PARENT_SETTID).  Returns 0
   or a negated errno.  */
int check_legacy_request (const request &req) attribute_hidden;

/* The clone3_fork and clone3_fork_raw argument rules.  */
int check_fork_request (const request &req) attribute_hidden;

/* What clone3_fork and clone3_fork_raw do first: load_request, their
   rules, and without clone3 the legacy call's (a request it cannot make
   fails before any handler runs or any process is made).  */
int load_fork_request (const struct clone_args *user, size_t usize,
		       request *req, request_mapping *map) attribute_hidden;

/* Copy LEN bytes from SRC, which may be a bad pointer.  Returns 0 or
   -EFAULT.  */
int copy_from_caller (void *dst, const void *src, size_t len) attribute_hidden;

/* Store LEN bytes from SRC at DST in the caller's memory as the kernel
   stores there: 0, or -EFAULT where DST cannot be written, never a
   fault.  */
int store_to_caller (void *dst, const void *src, size_t len) attribute_hidden;

/* Fork-style creation (no stack, returns twice): clone3 with REQ, or the
   legacy clone system call once the kernel has said ENOSYS.  Returns 0 in
   the child, the PID in the parent, or a negated errno.  */
long fork_syscall (const request &req) attribute_hidden;

/* The arguments of the legacy clone system call that makes REQ's
   fork-style child, for a caller that makes the call itself (and then
   emulates CLONE_CLEAR_SIGHAND in the child).  Returns 0, or the negated
   errno fork_syscall would give instead.  */
int legacy_clone_arguments (const request &req, legacy_clone_args *c)
  attribute_hidden;

/* Callback-style creation through the legacy clone system call.  */
long clone_callback_fallback (const request &req, int (*fn) (void *),
			      void *arg) attribute_hidden;

/* Whether the kernel has answered clone3 with ENOSYS, and remembering it.  */
bool clone3_known_missing () attribute_hidden;
void clone3_set_missing () attribute_hidden;

/* The public entry points' result: RESULT, or for a negated errno
   value -1 with errno set.  The only place the library writes errno:
   everything beneath reports failures as negated errno values (and the
   system calls it makes itself, through internal_syscall, never touch
   errno), so that a successful call leaves errno as it was, as fork
   does, and a child's first page writes are not to errno's.  */
inline long
public_result (long result)
{
  if (result < 0)
    {
      errno = static_cast<int> (-result);
      return -1;
    }
  return result;
}

/* Blocks every signal for its lifetime, as _Fork does around the system
   call since glibc 2.41, so that no handler runs in the child before its
   thread state is repaired.  Restores the caller's mask, in the child
   too.  */
class signal_block
{
public:
  signal_block ();
  ~signal_block ();
  signal_block (const signal_block &) = delete;
  signal_block &operator= (const signal_block &) = delete;
private:
  sigset_t saved_;
};

} // namespace clone3_internal

#endif /* clone3-internal.h */
