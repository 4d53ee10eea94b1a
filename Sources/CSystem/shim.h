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
#include <spawn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/resource.h>
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

/* ---- Process labs ------------------------------------------------------ */

/// Wraps `posix_spawn_file_actions_addclosefrom_np` (glibc 2.34, a GNU
/// extension): the child closes every descriptor from `from` up, so it
/// inherits only the ones a lab hands it.
static inline int cs_spawn_add_close_from(posix_spawn_file_actions_t *actions, int from) {
    return posix_spawn_file_actions_addclosefrom_np(actions, from);
}

/// Wraps `pipe2(fds, O_CLOEXEC)`: a pipe no unrelated child inherits (an
/// inherited write end would keep the reader from ever seeing end-of-file).
static inline int cs_pipe_cloexec(int fds[2]) { return pipe2(fds, O_CLOEXEC); }

/// The capacity of a pipe in bytes (`fcntl(F_GETPIPE_SZ)`), or -1.
static inline int cs_pipe_capacity(int fd) { return fcntl(fd, F_GETPIPE_SZ); }

/// The environment (`environ`), for a child's `envp`.
static inline char **cs_environ(void) {
    extern char **environ;
    return environ;
}

/// Atomic loads and stores on memory shared between processes (an
/// `mmap(MAP_SHARED)` region): Swift's `Atomic` must own its storage, and this
/// memory belongs to no Swift value. The same builtins shm.c uses.
static inline uint64_t cs_load_acquire(const uint64_t *p) { return __atomic_load_n(p, __ATOMIC_ACQUIRE); }
static inline uint64_t cs_load_relaxed(const uint64_t *p) { return __atomic_load_n(p, __ATOMIC_RELAXED); }
static inline void cs_store_release(uint64_t *p, uint64_t v) { __atomic_store_n(p, v, __ATOMIC_RELEASE); }
static inline void cs_store_relaxed(uint64_t *p, uint64_t v) { __atomic_store_n(p, v, __ATOMIC_RELAXED); }

static inline uint64_t cs_fetch_add(uint64_t *p, uint64_t v) { return __atomic_fetch_add(p, v, __ATOMIC_ACQ_REL); }

/// A CPU hint for one round of a spin-wait loop (`pause` on x86, `yield` on ARM).
static inline void cs_cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ volatile("yield");
#endif
}

/// Wraps `memfd_create(name, MFD_CLOEXEC)`: an anonymous file that lives in
/// memory. Unlike `MAP_SHARED|MAP_ANONYMOUS` memory it survives `exec`, so a
/// re-executed child can map it from an inherited descriptor.
static inline int cs_memfd_create(const char *name) { return memfd_create(name, MFD_CLOEXEC); }

/// No core file for this process: `RLIMIT_CORE` 0 (with core_pattern "core"
/// the kernel would otherwise write one into the working directory), and not
/// dumpable (a piped core_pattern ignores RLIMIT_CORE). Not dumpable also
/// makes /proc/PID root's, so call it last, just before the fault.
static inline int cs_disable_core_dumps(void) {
    struct rlimit none = {0, 0};
    int rc = setrlimit(RLIMIT_CORE, &none);
    return prctl(PR_SET_DUMPABLE, 0UL, 0, 0, 0) == 0 ? rc : -1;
}

/// Wraps `pidfd_open(2)`: a descriptor that becomes readable when the process
/// `pid` ends. -1 with errno ENOSYS on kernels before 5.3.
static inline int cs_pidfd_open(pid_t pid) {
#ifdef SYS_pidfd_open
    return (int)syscall(SYS_pidfd_open, pid, 0);
#else
    errno = ENOSYS;
    return -1;
#endif
}

/* Read through a volatile so the compiler cannot see the store below is to
 * address 0 (it could then emit a trap instruction, SIGILL, instead). */
static volatile uintptr_t cs_null_address = 0;

/// Stores through a null pointer: the CPU faults and the kernel sends SIGSEGV.
static inline void cs_write_through_null_pointer(void) { *(volatile int *)cs_null_address = 42; }

/// fork(2) for the fork lab. The child asks for SIGKILL when `parent` dies,
/// stores `child_value` into `*variable` (its own copy, at the same virtual
/// address), writes {pid, value read back, address} as three longs to
/// `report_fd` and `_exit`s. It runs only async-signal-safe calls, as a child
/// of a multithreaded parent must. Returns what fork returns, in the parent.
static inline pid_t cs_fork_and_change(long *variable, long child_value, int report_fd, pid_t parent) {
    pid_t pid = fork();
    if (pid != 0) return pid;
    if (prctl(PR_SET_PDEATHSIG, (unsigned long)SIGKILL, 0, 0, 0) != 0 || getppid() != parent) _exit(3);
    *(volatile long *)variable = child_value;
    long report[3] = {(long)getpid(), *(volatile long *)variable, (long)(uintptr_t)variable};
    ssize_t written = write(report_fd, report, sizeof report);
    _exit(written == (ssize_t)sizeof report ? 0 : 4);
}

#endif
