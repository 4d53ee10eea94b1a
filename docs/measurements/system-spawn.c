/* Fact-check measurement (see docs/fact-check-log.md). Build and run: gcc -O2 -pthread system-spawn.c -o /tmp/m && /tmp/m */
#include <stdlib.h>
int main(){return system("true");}
