/* A shared module for atfork-dlclose.c: registers pthread_atfork
   handlers in its constructor, as plugins do, and counts their calls in
   an array the test hands it.  After dlclose its code is gone, so a
   fork that still calls the handlers crashes.  */

#include <pthread.h>
#include <stddef.h>

static int *counts;

void mod_set_counts (int *c);

void
mod_set_counts (int *c)
{
  counts = c;
}

static void
prepare (void)
{
  if (counts != NULL)
    ++counts[0];
}

static void
parent (void)
{
  if (counts != NULL)
    ++counts[1];
}

static void
child (void)
{
  if (counts != NULL)
    ++counts[2];
}

__attribute__ ((constructor)) static void
init (void)
{
  pthread_atfork (prepare, parent, child);
}
