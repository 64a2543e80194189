/* Finding the TID field of the calling thread's descriptor.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.  */

#include "nptl-shim.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sysdep.h>

#ifndef PR_GET_TID_ADDRESS
# define PR_GET_TID_ADDRESS 40
#endif

namespace clone3_internal {

namespace {

/* Where the thread descriptor (struct pthread, what pthread_self
   returns) keeps the TID, as glibc describes it to libthread_db: the
   GLIBC_PRIVATE symbols _thread_db_sizeof_pthread (its size) and
   _thread_db_pthread_tid ({ bits, count, offset }, nptl_db/db_info.c),
   exported by every glibc since 2.34.  Looked up once, at load time:
   dlsym is not async-signal-safe.  */
uint32_t descriptor_size;
uint32_t descriptor_tid_offset;

} // anonymous namespace

void
thread_descriptor_init ()
{
  auto size = static_cast<const uint32_t *>
    (dlsym (RTLD_DEFAULT, "_thread_db_sizeof_pthread"));
  auto tid = static_cast<const uint32_t *>
    (dlsym (RTLD_DEFAULT, "_thread_db_pthread_tid"));
  if (size == nullptr || tid == nullptr || tid[0] != 8 * sizeof (pid_t)
      || tid[1] != 1 || tid[2] + sizeof (pid_t) > *size)
    return;
  descriptor_size = *size;
  descriptor_tid_offset = tid[2];
}

/* glibc gives fork's and _Fork's child its descriptor's TID field with
   CLONE_CHILD_SETTID, and so does this library; that field is also the
   kernel's clear-child-tid address of a forked child.  Up to glibc 2.40
   every thread starts with the same address registered (set_tid_address
   for the initial thread, CLONE_CHILD_CLEARTID for the others); since
   2.41 it is the descriptor's joinstate word instead, and the TID field
   is found through the descriptor's layout above, if the registered
   address lies within the calling thread's descriptor.  */
pid_t *
thread_tid_address ()
{
  pid_t *addr = nullptr;
  long r = internal_syscall (SYS_prctl, PR_GET_TID_ADDRESS, &addr, 0L, 0L,
			     0L);
  auto self = static_cast<pid_t> (internal_syscall (SYS_gettid));
  if (r != 0 || addr == nullptr)
    return nullptr;
  if (*addr == self)
    return addr;
  if (descriptor_size == 0)
    return nullptr;
  auto pd = reinterpret_cast<char *> (pthread_self ());
  auto reg = reinterpret_cast<char *> (addr);
  if (reg < pd || reg >= pd + descriptor_size)
    return nullptr;
  auto field = reinterpret_cast<pid_t *> (pd + descriptor_tid_offset);
  return *field == self ? field : nullptr;
}

} // namespace clone3_internal
