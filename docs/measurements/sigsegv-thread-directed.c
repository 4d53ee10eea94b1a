/* Fact-check measurement (see docs/fact-check-log.md). Build and run: gcc -O0 -pthread sigsegv-thread-directed.c -o /tmp/m && /tmp/m */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <unistd.h>
#include <pthread.h>
#include <sys/syscall.h>
static void h(int s){char b[64];int n=snprintf(b,64,"SIGSEGV handled in tid %ld\n",(long)syscall(SYS_gettid));write(1,b,n);_exit(0);}
static void*w(void*a){printf("faulting thread tid %ld, main pid %d\n",(long)syscall(SYS_gettid),getpid());fflush(stdout);*(volatile int*)0=1;return 0;}
int main(){signal(SIGSEGV,h);pthread_t t;pthread_create(&t,0,w,0);pthread_join(t,0);return 1;}
