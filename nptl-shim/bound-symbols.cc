/* Which definitions of the interposed glibc entry points the process
   uses.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.

   Kept apart from their definitions in register-atfork.cc so that the
   compiler cannot bind the references below to them: in the shared
   library each address is loaded from the GOT, which the dynamic linker
   fills with the first definition in the lookup scope; in a static
   program the link editor has chosen between this library's weak
   definition and libc.a's.  Async-signal-safe: no dlsym.  */

#include "nptl-shim.h"

extern "C" int __register_atfork (void (*) (void), void (*) (void),
				  void (*) (void), void *);
extern "C" void __cxa_finalize (void *);

namespace clone3_internal {

void *
bound_register_atfork ()
{
  return reinterpret_cast<void *> (&__register_atfork);
}

void *
bound_cxa_finalize ()
{
  return reinterpret_cast<void *> (&__cxa_finalize);
}

} // namespace clone3_internal
