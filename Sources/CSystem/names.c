#define _GNU_SOURCE
#include "CSystemNames.h"

#include <string.h>

const char *cs_errno_name(int code) { return strerrorname_np(code); }

const char *cs_signal_abbreviation(int sig) { return sigabbrev_np(sig); }
