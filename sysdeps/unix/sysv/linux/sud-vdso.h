/* Syscall User Dispatch through the vDSO's signal return.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.

   For architectures whose rt_sigaction takes no sa_restorer (RISC-V 64,
   LoongArch 64): the kernel always returns from a signal handler through
   the vDSO's __vdso_rt_sigreturn, and only x86 exempts its vDSO's
   sigreturn from dispatch.  So the region the dispatch always lets
   through is that trampoline, found through AT_SYSINFO_EHDR and the
   vDSO's dynamic symbols; without a vDSO there is no dispatch.  Included
   by such an architecture's sud.h.  */

#ifndef _SUD_VDSO_H
#define _SUD_VDSO_H 1

#include <kernel-sigaction.h>

#include <elf.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/auxv.h>

namespace clone3_internal {
namespace sud {

inline void
fill_action (kernel_sigaction *act,
	     void (*handler) (int, siginfo_t *, void *), unsigned long flags,
	     uint64_t mask)
{
  *act = {};
  act->handler = handler;
  act->flags = flags;
  act->mask = mask;
}

/* The address and size of the vDSO's __vdso_rt_sigreturn, from the
   vDSO image the kernel maps complete (section headers included).  */
inline bool
allowed_region (uintptr_t *start, uintptr_t *len)
{
  const unsigned char *base
    = reinterpret_cast<const unsigned char *> (getauxval (AT_SYSINFO_EHDR));
  if (base == nullptr)
    return false;
  const Elf64_Ehdr *eh = reinterpret_cast<const Elf64_Ehdr *> (base);
  if (memcmp (eh->e_ident, ELFMAG, SELFMAG) != 0
      || eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_shoff == 0)
    return false;

  /* Symbol values are link-time addresses; the first PT_LOAD maps file
     offset 0.  */
  const Elf64_Phdr *ph
    = reinterpret_cast<const Elf64_Phdr *> (base + eh->e_phoff);
  uintptr_t bias = 0;
  bool loaded = false;
  for (int i = 0; i < eh->e_phnum && !loaded; ++i)
    if (ph[i].p_type == PT_LOAD)
      {
	bias = reinterpret_cast<uintptr_t> (base) - ph[i].p_vaddr
	       + ph[i].p_offset;
	loaded = true;
      }
  if (!loaded)
    return false;

  const Elf64_Shdr *sh
    = reinterpret_cast<const Elf64_Shdr *> (base + eh->e_shoff);
  for (int i = 0; i < eh->e_shnum; ++i)
    {
      if (sh[i].sh_type != SHT_DYNSYM || sh[i].sh_entsize == 0
	  || sh[i].sh_link >= eh->e_shnum)
	continue;
      const Elf64_Sym *sym
	= reinterpret_cast<const Elf64_Sym *> (base + sh[i].sh_offset);
      const char *names
	= reinterpret_cast<const char *> (base
					  + sh[sh[i].sh_link].sh_offset);
      size_t count = sh[i].sh_size / sh[i].sh_entsize;
      for (size_t j = 0; j < count; ++j)
	if (sym[j].st_shndx != SHN_UNDEF
	    && strcmp (names + sym[j].st_name, "__vdso_rt_sigreturn") == 0)
	  {
	    *start = bias + sym[j].st_value;
	    /* Two instructions, the number's load and the system call
	       (RISC-V: li a7; ecall.  LoongArch: li.w $a7; syscall 0).
	       The kernel has moved the PC past the 4-byte system call
	       instruction when it checks it, so the region runs past it.  */
	    uintptr_t size = sym[j].st_size > 8 ? sym[j].st_size : 8;
	    *len = size + 4;
	    return true;
	  }
    }
  return false;
}

} // namespace sud
} // namespace clone3_internal

#endif /* sud-vdso.h */
