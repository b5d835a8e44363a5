#ifndef ZTENANT_CNCURSESW_SHIM_H
#define ZTENANT_CNCURSESW_SHIM_H

/* SwiftPM drops the -D flags pkg-config gives, and without these the wide-character API
   (cchar_t, wget_wch, setcchar, mvadd_wch) is not declared. */
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif

#include <locale.h>
#include <wchar.h>
#include <ncursesw/ncurses.h>

/* Swift cannot import macros that expand to expressions, and reading C globals such as
   stdscr or LINES is an error in Swift 6 mode; these accessors stand in for them. */

static inline WINDOW *zt_stdscr(void) { return stdscr; }
static inline int zt_lines(void) { return LINES; }
static inline int zt_cols(void) { return COLS; }
static inline int zt_colors(void) { return COLORS; }
static inline int zt_color_pairs(void) { return COLOR_PAIRS; }
static inline void zt_getmaxyx(WINDOW *window, int *rows, int *columns) {
    int y, x;
    getmaxyx(window, y, x);
    *rows = y;
    *columns = x;
}

static inline attr_t zt_a_normal(void) { return A_NORMAL; }
static inline attr_t zt_a_bold(void) { return A_BOLD; }
static inline attr_t zt_a_underline(void) { return A_UNDERLINE; }
static inline attr_t zt_a_reverse(void) { return A_REVERSE; }
static inline attr_t zt_a_dim(void) { return A_DIM; }

static inline int zt_key_resize(void) { return KEY_RESIZE; }
static inline int zt_key_code_yes(void) { return KEY_CODE_YES; }
static inline int zt_err(void) { return ERR; }

/* Writes one character cell (a base character plus up to four combining marks) with
   attributes and a colour pair, as setcchar + mvadd_wch. */
static inline int zt_put_cell(int row, int column, const wchar_t *text, attr_t attributes, short pair) {
    cchar_t cell;
    if (setcchar(&cell, text, attributes, pair, NULL) != OK) return ERR;
    return mvadd_wch(row, column, &cell);
}

/* Reads one key: returns OK (a character in *value), KEY_CODE_YES (a function key in
   *value) or ERR (nothing within the timeout). */
static inline int zt_get_key(unsigned int *value) {
    wint_t key = 0;
    int result = wget_wch(stdscr, &key);
    *value = (unsigned int)key;
    return result;
}

/* term.h defines a macro for every capability name (columns, lines, …): it comes last, after
   every function that uses such a word as a name. */
#include <ncursesw/term.h>

/* What terminfo says of a terminal type before curses starts (initscr exits the process on a
   type it does not know): 0 unknown to terminfo, 1 known but without cursor addressing (dumb),
   2 usable without an alternate screen (vt100, linux), 3 usable with one. */
static inline int zt_terminal_kind(const char *type) {
    int error = 0;
    if (type == NULL || type[0] == 0) return 0;
    if (setupterm((char *)type, 1, &error) != OK) return 0;
    char *cursor = tigetstr("cup");
    char *alternate = tigetstr("smcup");
    int kind = (cursor == NULL || cursor == (char *)-1) ? 1 : (alternate == NULL || alternate == (char *)-1) ? 2 : 3;
    TERMINAL *loaded = set_curterm(NULL);
    if (loaded != NULL) del_curterm(loaded);
    return kind;
}

#endif
