/* clone3: create a child that runs a function, with clone3's arguments.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.  */

#include "clone3-internal.h"

using namespace clone3_internal;

extern "C" __attribute__ ((visibility ("default"))) pid_t
clone3 (struct clone_args *cl_args, size_t size, int (*fn) (void *),
	void *arg) __THROW
{
  if (cl_args == nullptr || fn == nullptr)
    return public_result (-EINVAL);

  request_mapping map;
  request req;
  long r = load_request (cl_args, size, &req, &map);
  /* A CLONE_VM child without a stack of its own may only borrow its
     parent's while the parent waits (CLONE_VFORK).  */
  if (r == 0 && (req.args.flags & CLONE_VM) != 0 && req.args.stack == 0
      && (req.args.flags & CLONE_VFORK) == 0)
    r = -EINVAL;
  if (r == 0)
    {
      r = -ENOSYS;
      if (!clone3_known_missing ())
	{
	  /* The kernel is given the caller's own block, as it wrote it,
	     and judges it: flags and fields newer than this library
	     included.  */
	  r = __clone3_raw (cl_args, size, fn, arg);
	  /* The generic __clone3_raw says ENOSYS without asking the
	     kernel; only the kernel's answer is remembered.  */
	  if (r == -ENOSYS && CLONE3_ARCH_HAS_ASM)
	    clone3_set_missing ();
	}
      if (r == -ENOSYS)
	r = clone_callback_fallback (req, fn, arg);
    }
  return public_result (r);
}
