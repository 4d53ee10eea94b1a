#define _GNU_SOURCE 1  // pipe2
#include "CSystemTerminal.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static const int fatal_signals[] = {SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE};
enum { fatal_count = sizeof fatal_signals / sizeof fatal_signals[0] };

static struct sigaction previous[fatal_count];
static struct termios saved;
static int saved_fd = -1;
static volatile sig_atomic_t installed = 0;

static void restore_terminal_and_reraise(int sig) {
    if (saved_fd >= 0) {
        tcsetattr(saved_fd, TCSANOW, &saved);
        /* Leave the alternate screen, reset attributes, show the cursor. */
        static const char reset[] = "\033[?1049l\033[0m\033[?25h\r\n";
        ssize_t ignored = write(STDOUT_FILENO, reset, sizeof reset - 1);
        (void)ignored;
    }
    for (int i = 0; i < fatal_count; i++) {
        if (fatal_signals[i] == sig) sigaction(sig, &previous[i], NULL);
    }
    /* Delivered once this handler returns: to the previous handler, or the
     * default action (a fault re-executes and faults again, the same way). */
    raise(sig);
}

int cs_fatal_restore_install(int fd) {
    if (tcgetattr(fd, &saved) != 0) return -1;
    saved_fd = fd;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = restore_terminal_and_reraise;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;
    for (int i = 0; i < fatal_count; i++) {
        if (sigaction(fatal_signals[i], &action, &previous[i]) != 0) return -1;
    }
    installed = 1;
    return 0;
}

void cs_fatal_restore_remove(void) {
    if (!installed) return;
    for (int i = 0; i < fatal_count; i++) sigaction(fatal_signals[i], &previous[i], NULL);
    installed = 0;
    saved_fd = -1;
}

void cs_trap_now(void) { __builtin_trap(); }

// The self-pipe: a signal that should wake the main loop writes a byte here.
// A signal that lands after the loop checked its flags but before it began to
// wait would otherwise be lost until the next key; the byte is still there.
static int wake_pipe[2] = {-1, -1};
static struct sigaction winch_previous;

void cs_wake(void) {
    if (wake_pipe[1] < 0) return;
    int saved_errno = errno;
    char byte = 1;
    ssize_t written = write(wake_pipe[1], &byte, 1);  // a full pipe already wakes the loop
    (void)written;
    errno = saved_errno;
}

static void winch_handler(int sig, siginfo_t *info, void *context) {
    cs_wake();
    if (winch_previous.sa_flags & SA_SIGINFO) {
        if (winch_previous.sa_sigaction) winch_previous.sa_sigaction(sig, info, context);
    } else if (winch_previous.sa_handler != SIG_DFL && winch_previous.sa_handler != SIG_IGN) {
        winch_previous.sa_handler(sig);
    }
}

int cs_wake_on_sigwinch(void) {
    if (wake_pipe[0] < 0 && pipe2(wake_pipe, O_NONBLOCK | O_CLOEXEC) != 0) return -1;
    struct sigaction current;
    if (sigaction(SIGWINCH, NULL, &current) != 0) return -1;
    if ((current.sa_flags & SA_SIGINFO) && current.sa_sigaction == winch_handler) return wake_pipe[0];
    winch_previous = current;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = winch_handler;
    action.sa_mask = current.sa_mask;
    action.sa_flags = SA_SIGINFO | (current.sa_flags & SA_RESTART);
    if (sigaction(SIGWINCH, &action, NULL) != 0) return -1;
    return wake_pipe[0];
}

int cs_wake_drain(void) {
    if (wake_pipe[0] < 0) return 0;
    char buffer[64];
    int total = 0;
    ssize_t n;
    while ((n = read(wake_pipe[0], buffer, sizeof buffer)) > 0) total += (int)n;
    return total;
}
