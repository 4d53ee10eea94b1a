/* Fact-check measurement (see docs/fact-check-log.md). Build and run: gcc -O0 -pthread sigsegv-ends-group.c -o /tmp/m && /tmp/m */
#include <stdio.h>
#include <unistd.h>
#include <pthread.h>
static void*w(void*a){*(volatile int*)0=1;return 0;}
static void*idle(void*a){sleep(5);puts("other thread survived");return 0;}
int main(){pthread_t t,u;pthread_create(&u,0,idle,0);pthread_create(&t,0,w,0);pthread_join(u,0);puts("main survived");return 0;}
