#ifndef PTT_CSYSTEM_NAMES_H
#define PTT_CSYSTEM_NAMES_H

/// The C name of an error number (`EAGAIN`), from glibc's own table
/// (`strerrorname_np`, glibc 2.32 and later); NULL for a number it does not know.
const char *cs_errno_name(int code);

/// The abbreviated name of a signal without its `SIG` prefix (`SEGV`), from
/// glibc's table (`sigabbrev_np`); NULL for a number it does not know.
const char *cs_signal_abbreviation(int sig);

#endif
