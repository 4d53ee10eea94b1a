#ifndef PTT_CNCURSES_SHIM_H
#define PTT_CNCURSES_SHIM_H

// Wide-character ncurses: must be defined before <ncurses.h>, or cchar_t,
// setcchar and wget_wch are missing.
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif

#include <locale.h>
#include <wchar.h>
#include <ncurses.h>
#include <sys/ioctl.h>
#include <unistd.h>

// Swift cannot see macros with expressions, nor shared mutable globals under
// strict concurrency: each is wrapped here, named after what it wraps.

static inline WINDOW *cn_stdscr(void) { return stdscr; }
static inline WINDOW *cn_curscr(void) { return curscr; }
static inline int cn_color_pairs(void) { return COLOR_PAIRS; }

static inline attr_t cn_a_normal(void) { return A_NORMAL; }
static inline attr_t cn_a_bold(void) { return A_BOLD; }
static inline attr_t cn_a_dim(void) { return A_DIM; }
static inline attr_t cn_a_reverse(void) { return A_REVERSE; }
static inline attr_t cn_a_underline(void) { return A_UNDERLINE; }
static inline attr_t cn_a_italic(void) { return A_ITALIC; }

static inline int cn_getmaxy(WINDOW *w) { return getmaxy(w); }

// Asks the terminal for its size (TIOCGWINSZ) and resizes curses to it when
// it differs (a resize while the process was stopped sends no SIGWINCH).
// Returns 1 when curses was resized.
static inline int cn_refit_to_terminal(void) {
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) != 0 || ws.ws_row == 0 || ws.ws_col == 0) return 0;
    if (ws.ws_row == getmaxy(stdscr) && ws.ws_col == getmaxx(stdscr)) return 0;
    resizeterm(ws.ws_row, ws.ws_col);
    return 1;
}
static inline int cn_getmaxx(WINDOW *w) { return getmaxx(w); }

static inline int cn_key_resize(void) { return KEY_RESIZE; }
static inline int cn_key_f(int n) { return KEY_F(n); }

/// Writes one character cell (a wide character with its attributes and colour pair)
/// at y, x without moving the cursor afterwards in any way that matters.
static inline int cn_put_cell(int y, int x, const wchar_t *wch, attr_t attrs, short pair) {
    cchar_t cc;
    if (setcchar(&cc, wch, attrs, pair, NULL) != OK) return ERR;
    return mvwadd_wch(stdscr, y, x, &cc);
}

#endif
