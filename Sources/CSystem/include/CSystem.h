#ifndef PTT_CSYSTEM_H
#define PTT_CSYSTEM_H

/* The Linux calls Glibc's Swift module lacks, as plain C functions.
 *
 * Pitfall: the implementations need _GNU_SOURCE (CPU_SET, pthread_getattr_np,
 * pipe2, memfd_create). Defined in a header that Swift imports, it changes
 * how glibc's own headers declare fd_set and friends, and a clean build then
 * fails with "fds_bits from module CSystem is not present in definition of
 * fd_set in module SwiftGlibc" (an incremental build hides it). So the
 * _GNU_SOURCE code lives in csystem.c, and this header shows only prototypes
 * over types every glibc view agrees on. */

#include <stddef.h>
#include <stdint.h>
#include <spawn.h>
#include <sys/types.h>

#include "CSystemNames.h"
#include "CSystemTerminal.h"

/// Wraps `prctl(PR_SET_PDEATHSIG, sig)`: the kernel sends `sig` to this
/// process when the thread that created it exits.
int cs_set_parent_death_signal(int sig);

/// Wraps `gettid(2)`: the kernel's id of the calling thread.
int cs_gettid(void);

/// Pins the calling thread to one CPU (`sched_setaffinity(0, …)`). Returns 0 on success.
int cs_pin_to_cpu(int cpu);

/// The number of CPUs this process may run on (`sched_getaffinity`).
int cs_allowed_cpu_count(void);

/// The index of the n-th CPU this process may run on, or -1.
int cs_allowed_cpu_at(int n);

/// Names the calling thread (`prctl(PR_SET_NAME, name)`), as `ps -L` and
/// htop show it; the kernel keeps the first 15 bytes. Returns 0 on success.
int cs_set_thread_name(const char *name);

/// Wraps `sched_getcpu(3)`: the CPU the calling thread runs on now, or -1.
int cs_current_cpu(void);

/// Wraps `posix_spawn_file_actions_addclosefrom_np` (glibc 2.34, a GNU
/// extension): the child closes every descriptor from `from` up, so it
/// inherits only the ones a lab hands it.
int cs_spawn_add_close_from(posix_spawn_file_actions_t *actions, int from);

/// Wraps `pipe2(fds, O_CLOEXEC)`: a pipe no unrelated child inherits (an
/// inherited write end would keep the reader from ever seeing end-of-file).
int cs_pipe_cloexec(int fds[2]);

/// The capacity of a pipe in bytes (`fcntl(F_GETPIPE_SZ)`), or -1.
int cs_pipe_capacity(int fd);

/// The environment (`environ`), for a child's `envp`.
char **cs_environ(void);

/// Wraps `memfd_create(name, MFD_CLOEXEC)`: an anonymous file that lives in
/// memory. Unlike `MAP_SHARED|MAP_ANONYMOUS` memory it survives `exec`, so a
/// re-executed child can map it from an inherited descriptor.
int cs_memfd_create(const char *name);

/// No core file for this process: `RLIMIT_CORE` 0 (with core_pattern "core"
/// the kernel would otherwise write one into the working directory), and not
/// dumpable (a piped core_pattern ignores RLIMIT_CORE). Not dumpable also
/// makes /proc/PID root's, so call it last, just before the fault.
int cs_disable_core_dumps(void);

/// Wraps `pidfd_open(2)`: a descriptor that becomes readable when the process
/// `pid` ends. -1 with errno ENOSYS on kernels before 5.3.
int cs_pidfd_open(pid_t pid);

/// Stores through a null pointer: the CPU faults and the kernel sends SIGSEGV.
void cs_write_through_null_pointer(void);

/// fork(2) for the fork lab. The child asks for SIGKILL when `parent` dies,
/// stores `child_value` into `*variable` (its own copy, at the same virtual
/// address), writes {pid, value read back, address} as three longs to
/// `report_fd` and `_exit`s. It runs only async-signal-safe calls, as a child
/// of a multithreaded parent must. Returns what fork returns, in the parent.
pid_t cs_fork_and_change(long *variable, long child_value, int report_fd, pid_t parent);

/// The calling thread's stack as glibc set it up (`pthread_getattr_np`):
/// its lowest address and its size, guard page excluded. Returns 0 on success.
int cs_thread_stack(uintptr_t *low, size_t *size);

/// Forks a child that shows copy-on-write. In the child, only async-signal-safe
/// calls run (the parent has other threads; see fork(2)): it asks to be killed
/// when its parent dies, writes `new_value` to `*address` (the same virtual
/// address as the parent's variable), then writes to `out_fd` the value it reads
/// back there (a `long`) followed by its own /proc/self/maps, closes `out_fd`,
/// and waits until `hold_fd` reaches end of file (the parent closes it, or
/// dies) before `_exit(0)`: so the child stays inspectable while the lab runs.
/// Returns the child's PID in the parent, or -1 (errno set).
pid_t cs_fork_cow_probe(volatile long *address, long new_value, int out_fd, int hold_fd,
                                      int close_fd);

/// fork(2) for the deadlock lab's fork pitfall, called while another thread
/// holds `mutex` (a `pthread_mutex_t *`). The child asks for SIGKILL when
/// the calling thread exits (checking `parent` is still its parent), stores 1
/// into `*progress`, then takes `mutex`: its copy is locked by a thread that
/// does not exist in the child, so it waits forever. Had it got the lock, it
/// would store 2 and `_exit(0)`. Only async-signal-safe calls besides the
/// lock itself. Returns what fork returns, in the parent.
pid_t cs_fork_and_lock(void *mutex, uint64_t *progress, pid_t parent);

/// Wraps `epoll_ctl(EPOLL_CTL_ADD)` for `fd` with `EPOLLIN` and the fd as its
/// data (`struct epoll_event` is packed on x86-64: kept out of Swift).
int cs_epoll_add(int epfd, int fd);

/// Wraps `epoll_create1(EPOLL_CLOEXEC)`.
int cs_epoll_create(void);

/// Wraps `epoll_ctl(EPOLL_CTL_DEL)`.
int cs_epoll_remove(int epfd, int fd);

/// `RLIMIT_NPROC` (Swift's Glibc module lacks it).
int cs_rlimit_nproc(void);

/// Wraps `epoll_wait(2)` (retrying on EINTR): writes the ready descriptors to
/// `fds` (at most `max`, at most 256) and returns how many, or -1.
int cs_epoll_wait_fds(int epfd, int *fds, int max, int timeout_ms);

/// The stack size a new thread gets by default (`pthread_getattr_default_np`;
/// glibc takes it from RLIMIT_STACK, 8 MiB by default), or 0.
size_t cs_default_thread_stack_size(void);
/// fork(2) + waitpid(2) for the spawn lab, as spawn.c times it: the child
/// calls `_exit(0)` at once (nothing else runs in it, so it is safe in the
/// child of a multithreaded parent); the parent reaps it. Returns 0, or the
/// errno of the call that failed (fork, waitpid), or -1 when the child did
/// not exit with code 0.
int cs_fork_exit_wait(void);

/* Atomic loads and stores on memory shared between processes (an
 * mmap(MAP_SHARED) region): Swift's Atomic must own its storage, and this
 * memory belongs to no Swift value. The same builtins shm.c uses; inline,
 * because they sit in the shared-memory ring's hot loop. */
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

#endif
