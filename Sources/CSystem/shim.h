#ifndef PTT_CSYSTEM_SHIM_H
#define PTT_CSYSTEM_SHIM_H

/* Swift's clang importer does not define _GNU_SOURCE: without it <sched.h>
 * hides CPU_ZERO/CPU_SET/CPU_COUNT/CPU_SETSIZE and sched_setaffinity, and the
 * CPU_* calls below compile as implicit functions that fail at link time. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif

#include <sys/prctl.h>
#include <signal.h>
#include <sched.h>
#include <unistd.h>
#include <sys/syscall.h>

/// Wraps `prctl(PR_SET_PDEATHSIG, sig)`: the kernel sends `sig` to this
/// process when the thread that created it exits.
static inline int cs_set_parent_death_signal(int sig) {
    return prctl(PR_SET_PDEATHSIG, (unsigned long)sig, 0, 0, 0);
}

/// Wraps `gettid(2)`: the kernel's id of the calling thread.
static inline int cs_gettid(void) { return (int)syscall(SYS_gettid); }

/// Pins the calling thread to one CPU (`sched_setaffinity(0, …)`). Returns 0 on success.
static inline int cs_pin_to_cpu(int cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    return sched_setaffinity(0, sizeof(set), &set);
}

/// The number of CPUs this process may run on (`sched_getaffinity`).
static inline int cs_allowed_cpu_count(void) {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof(set), &set) != 0) return (int)sysconf(_SC_NPROCESSORS_ONLN);
    return CPU_COUNT(&set);
}

/* <sched.h> defines CPU_SETSIZE only under _GNU_SOURCE (set above); keep a
 * fallback in case it was already included without it. */
#ifndef CPU_SETSIZE
#define CPU_SETSIZE ((int)(8 * sizeof(cpu_set_t)))
#endif

/// The index of the n-th CPU this process may run on, or -1.
static inline int cs_allowed_cpu_at(int n) {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof(set), &set) != 0) return -1;
    for (int cpu = 0; cpu < CPU_SETSIZE; cpu++) {
        if (CPU_ISSET(cpu, &set)) { if (n == 0) return cpu; n--; }
    }
    return -1;
}

/// Names the calling thread (`prctl(PR_SET_NAME, name)`), as `ps -L` and
/// htop show it; the kernel keeps the first 15 bytes. Returns 0 on success.
static inline int cs_set_thread_name(const char *name) {
    return prctl(PR_SET_NAME, (unsigned long)name, 0, 0, 0);
}

/// Wraps `sched_getcpu(3)`: the CPU the calling thread runs on now, or -1.
static inline int cs_current_cpu(void) { return sched_getcpu(); }

#endif
