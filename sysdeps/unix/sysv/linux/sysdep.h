/* The system-call layer and the assembler macros every architecture
   shares.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.

   Each architecture's sysdep.h defines what differs (the alignment of a
   function, directives around its entry and end, ABI constants, and
   for C++ the instruction sequence of a system call) and then includes
   this file, as glibc layers its generic, CPU and Linux/CPU sysdep.h
   files.  A host without a directory of its own gets this file alone:
   its system calls go through libc's syscall ().  */

#ifndef _LIBCLONE3_SYSDEP_H
#define _LIBCLONE3_SYSDEP_H 1

#include <asm/unistd.h>
#include <asm/errno.h>

#ifdef __ASSEMBLER__

#define SYS_ify(name) __NR_##name
#define L(label) .L##label

#define cfi_startproc .cfi_startproc
#define cfi_endproc .cfi_endproc
#define cfi_undefined(reg) .cfi_undefined reg
#define cfi_adjust_cfa_offset(off) .cfi_adjust_cfa_offset off
#define cfi_offset(reg, off) .cfi_offset reg, off
#define cfi_rel_offset(reg, off) .cfi_rel_offset reg, off
#define cfi_restore(reg) .cfi_restore reg

/* The architecture's hooks: the log2 alignment of a function's entry;
   directives before its label (ENTRY_HEAD), after the start of its
   frame description (ENTRY_TAIL: a landing pad for indirect branches,
   say), and at its end (END_TAIL).  */
#ifndef ENTRY_ALIGN
# define ENTRY_ALIGN 4
#endif
#ifndef ENTRY_HEAD
# define ENTRY_HEAD(name)
#endif
#ifndef ENTRY_TAIL
# define ENTRY_TAIL
#endif
#ifndef END_TAIL
# define END_TAIL(name)
#endif

/* A library-internal function: global for the linker, hidden from the
   dynamic symbol table.  */
#define ENTRY(name)				\
	.globl name;				\
	.hidden name;				\
	.type name, %function;			\
	.p2align ENTRY_ALIGN;			\
	ENTRY_HEAD (name)			\
name:						\
	cfi_startproc;				\
	ENTRY_TAIL

#define END(name)				\
	cfi_endproc;				\
	END_TAIL (name)				\
	.size name, . - name

#else /* !__ASSEMBLER__ */

/* Every system call the library makes goes through internal_syscall:
   it returns the kernel's raw result, a negated errno value on failure,
   and never reads or writes errno, so that it can be used anywhere (in
   the SIGSYS handler, in a child whose thread descriptor is not yet
   repaired) and the public entry points set errno once, at the end.
   The architecture supplies one system-call sequence, arch::syscall6,
   which takes the number and six arguments as longs, and defines
   CLONE3_ARCH_INTERNAL_SYSCALL; a call with fewer arguments passes
   zeros for the others, which the kernel does not read.  */

#include <stdint.h>
#include <type_traits>

#ifndef CLONE3_ARCH_INTERNAL_SYSCALL
# include <errno.h>
# include <unistd.h>

namespace clone3_internal {
namespace arch {

/* A host this library has no instruction sequence for: libc's
   syscall (), with errno put back as it was.  */
inline long
syscall6 (long nr, long a1, long a2, long a3, long a4, long a5, long a6)
{
  int saved = errno;
  long r = ::syscall (nr, a1, a2, a3, a4, a5, a6);
  if (r == -1)
    r = -errno;
  errno = saved;
  return r;
}

} // namespace arch
} // namespace clone3_internal
#endif

namespace clone3_internal {

/* An argument as the kernel takes it: a pointer by its address, an
   integer (or enumeration) converted to long.  */
template <typename T>
inline long
syscall_arg (T v)
{
  if constexpr (std::is_pointer_v<T> || std::is_null_pointer_v<T>)
    return static_cast<long> (reinterpret_cast<uintptr_t> (v));
  else
    return static_cast<long> (v);
}

template <typename... Args>
inline long
internal_syscall (long nr, Args... args)
{
  static_assert (sizeof... (Args) <= 6, "at most six arguments");
  long a[6] = { syscall_arg (args)... };
  return arch::syscall6 (nr, a[0], a[1], a[2], a[3], a[4], a[5]);
}

/* Close a descriptor the library made.  Nothing is to be done when it
   fails: Linux has released the descriptor by then, even on EINTR.  */
inline void
internal_close (int fd)
{
  internal_syscall (__NR_close, fd);
}

/* End the calling process at once: no atexit handler, no stdio flush
   (they are the caller's process's, not a helper's or a stillborn
   child's).  */
[[noreturn]] inline void
internal_exit (int status)
{
  for (;;)
    internal_syscall (__NR_exit_group, status);
}

} // namespace clone3_internal

#endif /* !__ASSEMBLER__ */

#endif /* sysdep.h */
