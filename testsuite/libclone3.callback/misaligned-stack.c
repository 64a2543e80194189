/* clone3 accepts a stack whose end (stack + stack_size) is not aligned
   (odd base, odd size) and aligns the child's stack pointer itself: the
   child's locals of the most-aligned type land on an ABI-aligned address,
   code that keeps vector data on the stack (aligned SSE moves on x86)
   works, and printf of a long double (which needs an aligned stack on
   x86-64) works.  Both for a fork-like child and a CLONE_VM | CLONE_VFORK
   child, and the child runs on the stack given.  */
/* { dg-do run } */

#include "clone3-test.h"
#include "test-child.h"

#include <stdalign.h>
#include <stdint.h>
#include <sys/mman.h>

#define STACK_SIZE (128 * 1024)

/* What the ABI guarantees at a function's entry, as the compiler
   assumes it.  */
#define STACK_ALIGN (alignof (max_align_t))

typedef float v4sf __attribute__ ((vector_size (16)));

static char *stack_lo;

/* Bits set for each thing the child found wrong.  */
enum
{
  BAD_LONG_DOUBLE = 1,
  BAD_MAX_ALIGN = 2,
  BAD_VECTOR = 4,
  BAD_PRINTF = 8,
  BAD_STACK = 16,
  BAD_ARG = 32,
};

/* The address, hidden from the compiler, which would otherwise fold
   the alignment check to "aligned".  */
static uintptr_t
launder (const volatile void *p)
{
  uintptr_t u = (uintptr_t) p;
  __asm__ ("" : "+r" (u));
  return u;
}

static __attribute__ ((noinline)) int
check_locals (void)
{
  volatile long double ld = 1.5L;
  volatile max_align_t m;
  memset ((void *) &m, 0, sizeof m);
  int bad = 0;
  if (launder (&ld) % alignof (long double) != 0)
    bad |= BAD_LONG_DOUBLE;
  if (launder (&m) % STACK_ALIGN != 0)
    bad |= BAD_MAX_ALIGN;
  return bad;
}

static __attribute__ ((noinline)) float
vector_work (float x)
{
  /* Kept in memory (volatile), so on x86 with aligned vector moves.  */
  volatile v4sf a = { x, 2 * x, 3 * x, 4 * x };
  v4sf b = a * a;
  volatile v4sf c = b + a;
  return c[0] + c[1] + c[2] + c[3];
}

static __attribute__ ((noinline)) int
check_printf (void)
{
  char buf[64];
  volatile long double ld = 2.25L;
  snprintf (buf, sizeof buf, "%.2Lf %g", ld, (double) ld);
  return strcmp (buf, "2.25 2.25") != 0;
}

static int
child_fn (void *arg)
{
  char here;
  int bad = 0;
  if (arg != (void *) &stack_lo)
    bad |= BAD_ARG;
  if (!(&here >= stack_lo && &here < stack_lo + STACK_SIZE))
    bad |= BAD_STACK;
  bad |= check_locals ();
  /* x = 1: 1+1 + 4+2 + 9+3 + 16+4 = 40.  */
  if (vector_work (1.0f) != 40.0f)
    bad |= BAD_VECTOR;
  if (check_printf ())
    bad |= BAD_PRINTF;
  return bad;
}

static int
do_test (void)
{
  int fds = test_count_fds ();
  stack_lo = mmap (NULL, STACK_SIZE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
  CHECK (stack_lo != MAP_FAILED);

  /* The checks pass on the test's own stack.  */
  CHECK_EQ (child_fn (&stack_lo) & ~BAD_STACK, 0);

  /* Offsets of the base and of the end: the end is 7, 8, 6 and 2 bytes
     below a page (so a 16-byte) boundary, and one aligned case.  */
  static const struct { int base_off; int end_off; } cases[] = {
    { 3, -7 }, { 0, -8 }, { 5, -6 }, { 1, -2 }, { 0, 0 },
  };
  static const struct { unsigned long long flags; const char *name; }
  kinds[] = {
    { 0, "fork-like" },
    { CLONE_VM | CLONE_VFORK, "CLONE_VM | CLONE_VFORK" },
  };

  for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; ++k)
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; ++i)
      {
	struct clone_args a = test_args (kinds[k].flags, SIGCHLD);
	a.stack = (uintptr_t) stack_lo + cases[i].base_off;
	a.stack_size = STACK_SIZE - cases[i].base_off + cases[i].end_off;
	pid_t pid = clone3 (&a, sizeof a, child_fn, &stack_lo);
	if (pid < 0)
	  FAIL_EXIT ("%s, stack %p + %llu: %s", kinds[k].name,
		     (void *) (uintptr_t) a.stack, a.stack_size,
		     strerror (errno));
	int status;
	pid_t r;
	do
	  r = waitpid (pid, &status, __WALL);
	while (r < 0 && errno == EINTR);
	CHECK_EQ (r, pid);
	if (WIFSIGNALED (status))
	  FAIL_EXIT ("%s, stack end %p: the child died of signal %d (%s)",
		     kinds[k].name,
		     (void *) (uintptr_t) (a.stack + a.stack_size),
		     WTERMSIG (status), strsignal (WTERMSIG (status)));
	CHECK (WIFEXITED (status));
	if (WEXITSTATUS (status) != 0)
	  FAIL_EXIT ("%s, stack end %p: the child found problems %#x",
		     kinds[k].name,
		     (void *) (uintptr_t) (a.stack + a.stack_size),
		     WEXITSTATUS (status));
      }

  CHECK (munmap (stack_lo, STACK_SIZE) == 0);
  CHECK_EQ (test_count_fds (), fds);
  return 0;
}
