// crm — a terminal-first CRM. Licensed under the MIT License.
//
// The few ncursesw entry points crm needs, with the wide-character API switched on and the
// macros Swift cannot import (stdscr, COLOR_PAIR, A_BOLD, attrset, getmaxyx) wrapped as functions.
#ifndef CRM_CNCURSESW_SHIM_H
#define CRM_CNCURSESW_SHIM_H

#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif

#include <locale.h>
#include <stdio.h>
#include <wchar.h>
#include <ncursesw/curses.h>

/// Starts curses on stdin / stdout; returns NULL (instead of exiting like initscr) on failure.
static inline SCREEN *crm_newterm(void) { return newterm(NULL, stdout, stdin); }
static inline void crm_flush_stdout(void) { fflush(stdout); }
static inline WINDOW *crm_stdscr(void) { return stdscr; }
static inline int crm_lines(void) { return LINES; }
static inline int crm_cols(void) { return COLS; }
static inline int crm_colors(void) { return COLORS; }
static inline int crm_color_pairs(void) { return COLOR_PAIRS; }
static inline attr_t crm_color_pair(int pair) { return (attr_t)COLOR_PAIR(pair); }
static inline attr_t crm_attr_bold(void) { return A_BOLD; }
static inline attr_t crm_attr_reverse(void) { return A_REVERSE; }
static inline attr_t crm_attr_underline(void) { return A_UNDERLINE; }
static inline attr_t crm_attr_dim(void) { return A_DIM; }
static inline void crm_attrset(attr_t attrs) { attrset(attrs); }
static inline int crm_key_code_yes(void) { return KEY_CODE_YES; }

/// Reads one wide character or key code; returns OK, KEY_CODE_YES or ERR like get_wch.
static inline int crm_get_wch(unsigned int *out) {
    wint_t ch = 0;
    int result = get_wch(&ch);
    *out = (unsigned int)ch;
    return result;
}

/// Writes at most count wide characters at row y, column x.
static inline int crm_put(int y, int x, const wchar_t *text, int count) {
    return mvaddnwstr(y, x, text, count);
}

#endif
