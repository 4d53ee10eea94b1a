/* The implementations behind include/CSystem.h: the only C file in ptt that
 * needs _GNU_SOURCE (see the header for why it stays out of the header). */
#define _GNU_SOURCE 1

#include "CSystem.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>

int cs_set_parent_death_signal(int sig) {
    return prctl(PR_SET_PDEATHSIG, (unsigned long)sig, 0, 0, 0);
}

int cs_gettid(void) { return (int)syscall(SYS_gettid); }

int cs_pin_to_cpu(int cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    return sched_setaffinity(0, sizeof(set), &set);
}

int cs_allowed_cpu_count(void) {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof(set), &set) != 0) return (int)sysconf(_SC_NPROCESSORS_ONLN);
    return CPU_COUNT(&set);
}

int cs_allowed_cpu_at(int n) {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof(set), &set) != 0) return -1;
    for (int cpu = 0; cpu < CPU_SETSIZE; cpu++) {
        if (CPU_ISSET(cpu, &set)) { if (n == 0) return cpu; n--; }
    }
    return -1;
}

int cs_set_thread_name(const char *name) {
    return prctl(PR_SET_NAME, (unsigned long)name, 0, 0, 0);
}

int cs_current_cpu(void) { return sched_getcpu(); }

int cs_spawn_add_close_from(posix_spawn_file_actions_t *actions, int from) {
    return posix_spawn_file_actions_addclosefrom_np(actions, from);
}

int cs_pipe_cloexec(int fds[2]) { return pipe2(fds, O_CLOEXEC); }

int cs_pipe_capacity(int fd) { return fcntl(fd, F_GETPIPE_SZ); }

char **cs_environ(void) {
    extern char **environ;
    return environ;
}







int cs_memfd_create(const char *name) { return memfd_create(name, MFD_CLOEXEC); }

int cs_disable_core_dumps(void) {
    struct rlimit none = {0, 0};
    int rc = setrlimit(RLIMIT_CORE, &none);
    return prctl(PR_SET_DUMPABLE, 0UL, 0, 0, 0) == 0 ? rc : -1;
}

int cs_pidfd_open(pid_t pid) {
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

void cs_write_through_null_pointer(void) { *(volatile int *)cs_null_address = 42; }

pid_t cs_fork_and_change(long *variable, long child_value, int report_fd, pid_t parent) {
    pid_t pid = fork();
    if (pid != 0) return pid;
    if (prctl(PR_SET_PDEATHSIG, (unsigned long)SIGKILL, 0, 0, 0) != 0 || getppid() != parent) _exit(3);
    *(volatile long *)variable = child_value;
    long report[3] = {(long)getpid(), *(volatile long *)variable, (long)(uintptr_t)variable};
    ssize_t written = write(report_fd, report, sizeof report);
    _exit(written == (ssize_t)sizeof report ? 0 : 4);
}

int cs_thread_stack(uintptr_t *low, size_t *size) {
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

pid_t cs_fork_cow_probe(volatile long *address, long new_value, int out_fd, int hold_fd,
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

pid_t cs_fork_and_lock(void *mutex, uint64_t *progress, pid_t parent) {
    pid_t pid = fork();
    if (pid != 0) return pid;
    prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
    if (getppid() != parent) _exit(3);
    __atomic_store_n(progress, 1, __ATOMIC_RELEASE);
    pthread_mutex_lock((pthread_mutex_t *)mutex);
    __atomic_store_n(progress, 2, __ATOMIC_RELEASE);
    pthread_mutex_unlock((pthread_mutex_t *)mutex);
    _exit(0);
}

int cs_epoll_add(int epfd, int fd) {
    struct epoll_event event = {.events = EPOLLIN, .data = {.fd = fd}};
    return epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &event);
}

int cs_epoll_wait_fds(int epfd, int *fds, int max, int timeout_ms) {
    struct epoll_event events[256];
    if (max > 256) max = 256;
    int n;
    do { n = epoll_wait(epfd, events, max, timeout_ms); } while (n < 0 && errno == EINTR);
    for (int i = 0; i < n; i++) fds[i] = events[i].data.fd;
    return n;
}

size_t cs_default_thread_stack_size(void) {
    pthread_attr_t attr;
    size_t size = 0;
    if (pthread_getattr_default_np(&attr) != 0) return 0;
    pthread_attr_getstacksize(&attr, &size);
    pthread_attr_destroy(&attr);
    return size;
}

int cs_epoll_create(void) { return epoll_create1(EPOLL_CLOEXEC); }

int cs_epoll_remove(int epfd, int fd) { return epoll_ctl(epfd, EPOLL_CTL_DEL, fd, NULL); }

int cs_rlimit_nproc(void) { return RLIMIT_NPROC; }
int cs_fork_exit_wait(void) {
    pid_t pid = fork();
    if (pid < 0) return errno;
    if (pid == 0) _exit(0);
    int status = 0;
    pid_t got;
    do { got = waitpid(pid, &status, 0); } while (got < 0 && errno == EINTR);
    if (got != pid) return errno;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}
