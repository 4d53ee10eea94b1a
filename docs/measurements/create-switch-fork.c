/* Fact-check measurement (see docs/fact-check-log.md). Build and run: gcc -O2 -pthread create-switch-fork.c -o /tmp/m && /tmp/m */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <pthread.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
static double now(void){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec*1e6+t.tv_nsec/1e3;}
static double forkcost(int n){double best=1e18;for(int i=0;i<n;i++){double t=now();pid_t p=fork();if(p==0)_exit(0);waitpid(p,0,0);double d=now()-t;if(d<best)best=d;}return best;}
static double forkexec(int n){double best=1e18;for(int i=0;i<n;i++){double t=now();pid_t p=fork();if(p==0){execl("/bin/true","true",(char*)0);_exit(127);}waitpid(p,0,0);double d=now()-t;if(d<best)best=d;}return best;}
static void*nop(void*a){return a;}
static double thr(int n){double best=1e18;for(int i=0;i<n;i++){pthread_t th;double t=now();pthread_create(&th,0,nop,0);pthread_join(th,0);double d=now()-t;if(d<best)best=d;}return best;}
static double median_thr(int n){double s=0;double t=now();for(int i=0;i<n;i++){pthread_t th;pthread_create(&th,0,nop,0);pthread_join(th,0);}return (now()-t)/n;}
static double median_fork(int n){double t=now();for(int i=0;i<n;i++){pid_t p=fork();if(p==0)_exit(0);waitpid(p,0,0);}return (now()-t)/n;}
static double median_forkexec(int n){double t=now();for(int i=0;i<n;i++){pid_t p=fork();if(p==0){execl("/bin/true","true",(char*)0);_exit(127);}waitpid(p,0,0);}return (now()-t)/n;}
static double wr(int n){int fd[2];pipe(fd);char c=0;double t=now();for(int i=0;i<n;i++){write(fd[1],&c,1);read(fd[0],&c,1);}return (now()-t)/n;}
int pa[2],pb[2];
static void*echo(void*a){char c;for(;;){if(read(pa[0],&c,1)!=1)break;write(pb[1],&c,1);}return 0;}
static void pin(int cpu){cpu_set_t s;CPU_ZERO(&s);CPU_SET(cpu,&s);sched_setaffinity(0,sizeof s,&s);}
static double pingpong(int n,int proc){pipe(pa);pipe(pb);pin(0);pthread_t th;pid_t p=0;
 if(proc){p=fork();if(p==0){close(pa[1]);close(pb[0]);pin(0);echo(0);_exit(0);}}else pthread_create(&th,0,echo,0);
 char c=1;for(int i=0;i<1000;i++){write(pa[1],&c,1);read(pb[0],&c,1);}
 double t=now();for(int i=0;i<n;i++){write(pa[1],&c,1);read(pb[0],&c,1);}double d=(now()-t)/n;
 close(pa[1]);if(proc)waitpid(p,0,0);else pthread_join(th,0);close(pa[0]);close(pb[0]);close(pb[1]);
 cpu_set_t s;CPU_ZERO(&s);for(int i=0;i<2;i++)CPU_SET(i,&s);sched_setaffinity(0,sizeof s,&s);return d;}
int main(){setvbuf(stdout,0,_IONBF,0);
 printf("thread create+join: best %.1f us, mean %.1f us\n",thr(2000),median_thr(2000));
 printf("fork+wait small: best %.1f us, mean %.1f us\n",forkcost(300),median_fork(300));
 printf("fork+exec(/bin/true)+wait: best %.1f us, mean %.1f us\n",forkexec(100),median_forkexec(100));
 printf("write+read pair on a pipe: %.2f us\n",wr(200000));
 printf("ping-pong threads pinned one CPU: %.2f us round trip\n",pingpong(100000,0));
 printf("ping-pong processes pinned one CPU: %.2f us round trip\n",pingpong(100000,1));
 size_t big=8ull<<30; char*m=mmap(0,big,PROT_READ|PROT_WRITE,MAP_PRIVATE|MAP_ANONYMOUS|MAP_NORESERVE,-1,0);
 printf("fork with 8 GiB mapped untouched: best %.1f us\n",forkcost(30));
 munmap(m,big);
 size_t half=512ull<<20; char*h=mmap(0,half,PROT_READ|PROT_WRITE,MAP_PRIVATE|MAP_ANONYMOUS,-1,0); memset(h,1,half);
 printf("fork with 512 MiB touched: best %.1f us\n",forkcost(10));
 return 0;}
