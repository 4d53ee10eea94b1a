#ifndef PTT_CSYSTEM_MEMORY_PROBE_H
#define PTT_CSYSTEM_MEMORY_PROBE_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif

#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/types.h>

/// The calling thread's stack as glibc set it up (`pthread_getattr_np`):
/// its lowest address and its size, guard page excluded. Returns 0 on success.
static inline int cs_thread_stack(uintptr_t *low, size_t *size) {
    pthread_attr_t attr;
    if (pthread_getattr_np(pthread_self(), &attr) != 0) return -1;
    void *addr = 0;
    size_t sz = 0;
    int rc = pthread_attr_getstack(&attr, &addr, &sz);
    pthread_attr_destroy(&attr);
    if (rc != 0) return -1;
    *low = (uintptr_t)addr;
    *size = sz;
    return 0;
}

/// Forks a child that shows copy-on-write. In the child, only async-signal-safe
/// calls run (the parent has other threads; see fork(2)): it asks to be killed
/// when its parent dies, writes `new_value` to `*address` (the same virtual
/// address as the parent's variable), then writes to `out_fd` the value it reads
/// back there (a `long`) followed by its own /proc/self/maps, closes `out_fd`,
/// and waits until `hold_fd` reaches end of file (the parent closes it, or
/// dies) before `_exit(0)`: so the child stays inspectable while the lab runs.
/// Returns the child's PID in the parent, or -1 (errno set).
static inline pid_t cs_fork_cow_probe(volatile long *address, long new_value, int out_fd, int hold_fd,
                                      int close_fd) {
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid != 0) return pid;
    prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
    if (getppid() != parent) _exit(1);
    if (close_fd >= 0) close(close_fd);
    *address = new_value;
    long seen = *address;
    (void)!write(out_fd, &seen, sizeof seen);
    int maps = open("/proc/self/maps", O_RDONLY);
    if (maps >= 0) {
        char buf[16384];
        ssize_t n;
        while ((n = read(maps, buf, sizeof buf)) > 0) {
            if (write(out_fd, buf, (size_t)n) != n) break;
        }
        close(maps);
    }
    close(out_fd);
    char c;
    while (read(hold_fd, &c, 1) > 0) {}
    _exit(0);
}

#endif
