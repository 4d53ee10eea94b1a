#include "CSystemTerminal.h"

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
