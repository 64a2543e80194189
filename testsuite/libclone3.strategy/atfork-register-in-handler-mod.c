/* A shared module for atfork-register-in-handler.c: registers atfork
   handlers when asked, which must never run, because the test's prepare
   handler (registered later, so run first) unloads the module.  They
   count their calls in the test's array, and crash if called after the
   module is gone.  */

#include <pthread.h>
#include <stddef.h>

static int *calls;

int reg_atfork_handlers (int *c);

static void handler (void) { ++*calls; }

int
reg_atfork_handlers (int *c)
{
  calls = c;
  return pthread_atfork (handler, handler, handler);
}
