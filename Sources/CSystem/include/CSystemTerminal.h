#ifndef PTT_CSYSTEM_TERMINAL_H
#define PTT_CSYSTEM_TERMINAL_H

/* The terminal comes back on a crash too.
 *
 * A full-screen program that dies of a fatal signal (a Swift runtime trap is
 * SIGILL on x86-64 and SIGTRAP on ARM64; a bad pointer is SIGSEGV or SIGBUS;
 * abort() is SIGABRT) would leave the terminal in raw mode, on the alternate
 * screen, with the cursor hidden. These handlers put back the terminal
 * settings saved before curses started (tcsetattr is async-signal-safe;
 * endwin is not), leave the alternate screen, show the cursor, then put back
 * whatever handler was there before (the Swift runtime's backtracer, or the
 * default) and raise the signal again: the crash report prints on a sane
 * terminal and the exit status stays the signal's. */

/// Saves the terminal settings of `fd` now and installs the handlers for
/// SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT and SIGFPE. Returns 0 on success.
int cs_fatal_restore_install(int fd);

/// Puts the handlers that were there before back (on a clean exit).
void cs_fatal_restore_remove(void);

/// For tests of the above, in debug builds only: traps (`__builtin_trap`).
void cs_trap_now(void);


/// Wraps the SIGWINCH handler in place (curses') so that each SIGWINCH also
/// writes a byte to a pipe, and returns the pipe's read end (non-blocking),
/// or -1. The main loop waits on the terminal and this pipe together, so a
/// resize just before the wait begins is not lost. Call after curses starts.
int cs_wake_on_sigwinch(void);

/// Writes a byte to the wake pipe (async-signal-safe): for other signal
/// handlers whose flag the main loop must not miss.
void cs_wake(void);

/// Reads every byte waiting in the wake pipe; returns how many.
int cs_wake_drain(void);

#endif
