/* A shared module for atfork-dlclose-in-handler.c: registers
   pthread_atfork handlers when asked (after the test's own), which count
   their calls in the test's array.  Once the module is unloaded their
   code is gone, so a fork that still calls one crashes.  */

#include <pthread.h>
#include <stddef.h>

static int *counts;

int mod_register (int *c);

static void prepare (void) { ++counts[0]; }
static void parent (void) { ++counts[1]; }
static void child (void) { ++counts[2]; }

int
mod_register (int *c)
{
  counts = c;
  return pthread_atfork (prepare, parent, child);
}
