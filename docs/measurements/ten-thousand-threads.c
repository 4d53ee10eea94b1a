/* Fact-check measurement (see docs/fact-check-log.md). Build and run: gcc -O2 -pthread ten-thousand-threads.c -o /tmp/m && /tmp/m */
#include <stdio.h>
#include <pthread.h>
#include <unistd.h>
#include <string.h>
static pthread_barrier_t b; static void*w(void*a){pause();return 0;}
int main(){int n=10000,ok=0;pthread_t t;for(int i=0;i<n;i++){if(pthread_create(&t,0,w,0)==0)ok++;else break;}
usleep(500000);FILE*f=fopen("/proc/self/status","r");char l[256];printf("threads started %d\n",ok);while(fgets(l,sizeof l,f))if(!strncmp(l,"VmSize",6)||!strncmp(l,"VmRSS",5)||!strncmp(l,"Threads",7))printf("%s",l);return 0;}
