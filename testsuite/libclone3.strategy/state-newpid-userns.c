/* state-newpid.c as an unprivileged user (65534) who has made a new user
   namespace and PID namespace with unshare: UNSUPPORTED where the
   machine gives unprivileged users no user namespace.  */
/* { dg-do run } */

#define STATE_NEWPID_USERNS 1
#include "state-newpid.c"
