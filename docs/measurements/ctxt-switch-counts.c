/* Fact-check measurement (see docs/fact-check-log.md). Build and run: gcc -O2 -pthread ctxt-switch-counts.c -o /tmp/m && /tmp/m */
#define _GNU_SOURCE
#include <stdio.h>
#include <unistd.h>
#include <pthread.h>
#include <string.h>
#include <sys/syscall.h>
static void show(const char*path){FILE*f=fopen(path,"r");char l[256];while(fgets(l,sizeof l,f))if(strstr(l,"ctxt"))printf("  %s: %s",path,l);fclose(f);}
static void*w(void*a){for(int i=0;i<200;i++)usleep(100);*(long*)a=syscall(SYS_gettid);sleep(2);return 0;}
int main(){long tid=0;pthread_t t;pthread_create(&t,0,w,&tid);sleep(1);char p[128];
show("/proc/self/status");snprintf(p,sizeof p,"/proc/self/task/%ld/status",tid);show(p);return 0;}
