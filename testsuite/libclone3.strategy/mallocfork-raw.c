/* clone3_fork_raw is async-signal-safe with respect to malloc: called
   10,000 times from a SIGUSR1 handler that interrupts the main thread's
   malloc, realloc and free, with the signals sent by other threads
   (glibc's tst-mallocfork3, for _Fork), it never deadlocks and every
   child, which checks its TID and exits, exits 0.  The parent reaps each
   child in the handler.  (Under QEMU the boards divide the count, see
   test_loop_count.)  The strategy of clone3_fork does not apply to
   clone3_fork_raw; the test runs under each anyway, as the area's
   others do.  */
/* { dg-do run } */

#define CLONE3_TEST_TIMEOUT 60
#include "clone3-test.h"
#include "strategy-util.h"

#include <pthread.h>

#define FORKS 10000
#define SENDERS 2

static pthread_t main_thread;
static volatile sig_atomic_t forks, bad_status, fork_errors, last_errno;
static int stop;
/* The forks to make; the senders stop once they are made, so that a
   main thread that the signals keep from its loop check does not run
   up thousands more (as under TCG, where they took minutes).  */
static int wanted;

static void
handler (int sig)
{
  (void) sig;
  int saved = errno;
  struct clone_args a;
  memset (&a, 0, sizeof a);
  a.exit_signal = SIGCHLD;
  pid_t pid = clone3_fork_raw (&a, sizeof a);
  if (pid == 0)
    _exit (syscall (SYS_gettid) == getpid () ? 0 : 1);
  if (pid < 0)
    {
      ++fork_errors;
      last_errno = errno;
    }
  else
    {
      int status;
      pid_t r;
      do
	r = waitpid (pid, &status, __WALL);
      while (r < 0 && errno == EINTR);
      if (r != pid || !WIFEXITED (status) || WEXITSTATUS (status) != 0)
	++bad_status;
      ++forks;
    }
  errno = saved;
}

static void *
sender (void *arg)
{
  (void) arg;
  while (!__atomic_load_n (&stop, __ATOMIC_RELAXED) && forks < wanted)
    {
      pthread_kill (main_thread, SIGUSR1);
      /* Short pauses (the timer slack makes them some 60 us), so that
	 the senders leave the processors to the forks.  */
      struct timespec ts = { 0, 1000 };
      nanosleep (&ts, NULL);
    }
  return NULL;
}

/* Keeps the compiler from eliding the allocations.  */
static void *volatile sink;

static int
do_test (void)
{
  main_thread = pthread_self ();
  struct sigaction sa;
  memset (&sa, 0, sizeof sa);
  sa.sa_handler = handler;
  sa.sa_flags = SA_RESTART;
  CHECK (sigaction (SIGUSR1, &sa, NULL) == 0);

  /* The senders themselves never take the signal.  */
  sigset_t usr1, old;
  sigemptyset (&usr1);
  sigaddset (&usr1, SIGUSR1);
  CHECK (pthread_sigmask (SIG_BLOCK, &usr1, &old) == 0);
  wanted = (int) test_loop_count (FORKS);
  pthread_t t[SENDERS];
  for (int i = 0; i < SENDERS; ++i)
    CHECK_EQ (pthread_create (&t[i], NULL, sender, NULL), 0);
  CHECK (pthread_sigmask (SIG_SETMASK, &old, NULL) == 0);

  long long start = test_now_ms ();
  unsigned int seed = 1;
  void *slots[64] = { NULL };
  while (forks < wanted && fork_errors == 0 && bad_status == 0)
    {
      /* malloc, realloc and free of varied sizes, small and large.  */
      seed = seed * 1103515245 + 12345;
      unsigned int i = (seed >> 8) % 64;
      size_t size = ((seed >> 16) % 4 == 0) ? 70000 + (seed >> 20)
		    : 16 + (seed >> 18) % 2000;
      if (slots[i] == NULL)
	slots[i] = sink = malloc (size);
      else if ((seed >> 12) % 2 == 0)
	{
	  void *p = realloc (slots[i], size);
	  if (p != NULL)
	    slots[i] = sink = p;
	}
      else
	{
	  free (slots[i]);
	  slots[i] = NULL;
	}
    }
  long long elapsed = test_now_ms () - start;
  __atomic_store_n (&stop, 1, __ATOMIC_RELAXED);
  for (int i = 0; i < SENDERS; ++i)
    CHECK_EQ (pthread_join (t[i], NULL), 0);
  for (int i = 0; i < 64; ++i)
    free (slots[i]);
  /* Signals still pending run the handler once more at most.  */
  signal (SIGUSR1, SIG_IGN);

  if (fork_errors != 0)
    FAIL_EXIT ("clone3_fork_raw failed in the handler: %s",
	       strerror (last_errno));
  if (bad_status != 0)
    FAIL_EXIT ("%d children did not exit 0", (int) bad_status);
  printf ("%d forks from the signal handler in %lld ms (%d asked, of %d "
	  "undivided)\n", (int) forks, elapsed, wanted, FORKS);
  return 0;
}
