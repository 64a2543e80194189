/* CLONE_CLEAR_SIGHAND emulation for the legacy clone fallback.
   Copyright (C) 2026 The libclone3 authors.
   This file is part of libclone3, licensed under the GNU LGPL 2.1 or later;
   see COPYING.LIB.  */

#ifndef _CLONE3_SIGNALS_H
#define _CLONE3_SIGNALS_H 1

#include "clone3-internal.h"

namespace clone3_internal {

/* Reset every handled signal to SIG_DFL, as CLONE_CLEAR_SIGHAND does;
   called in a child before user code runs.  Async-signal-safe.  */
void clear_signal_handlers () attribute_hidden;

} // namespace clone3_internal

#endif /* clone3-signals.h */
