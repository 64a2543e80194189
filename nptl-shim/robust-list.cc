/* Finding and resetting the calling thread's robust mutex list.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.  */

#include "nptl-shim.h"

#include <pthread.h>
#include <stddef.h>
#include <sys/syscall.h>
#include <sysdep.h>

namespace clone3_internal {

/* glibc's list entries are the __list member of pthread_mutex_t and the
   kernel finds each futex word from an entry by this offset, which glibc
   stores in the head.  Seeing it proves the head is glibc's.  */
constexpr long glibc_futex_offset
  = static_cast<long> (offsetof (pthread_mutex_t, __data.__lock))
    - static_cast<long> (offsetof (pthread_mutex_t, __data.__list.__next));

bool
robust_list_find (robust_list_door *door)
{
  struct robust_list_head *head = nullptr;
  size_t len = 0;
  long r = internal_syscall (SYS_get_robust_list, 0, &head, &len);
  if (r != 0 || head == nullptr || len != sizeof (struct robust_list_head)
      || head->futex_offset != glibc_futex_offset)
    return false;
  door->head = head;
  door->len = len;
  return true;
}

void
robust_list_reset_child (const robust_list_door &door)
{
  /* An empty list points at itself.  */
  door.head->list.next = &door.head->list;
  /* Cannot fail: the same head and length were accepted before.  */
  internal_syscall (SYS_set_robust_list, door.head, door.len);
}

} // namespace clone3_internal
