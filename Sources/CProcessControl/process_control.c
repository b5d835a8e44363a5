#define _DEFAULT_SOURCE 1
#define __STDC_WANT_LIB_EXT1__ 1
#include "process_control.h"
#include <signal.h>
#include <string.h>
#include <termios.h>

#define ZTENANT_GUARDED 4
static const int guarded_signals[ZTENANT_GUARDED] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
static struct sigaction guarded_previous[ZTENANT_GUARDED];
static int guarded_installed[ZTENANT_GUARDED];
static volatile sig_atomic_t guarded_fd = -1;
static struct termios guarded_settings;

static void ztenant_terminal_guard_handler(int number) {
    if (guarded_fd >= 0) tcsetattr(guarded_fd, TCSANOW, &guarded_settings);
    signal(number, SIG_DFL);
    raise(number);
}

void ztenant_terminal_guard_arm(int fd, const struct termios *saved) {
    guarded_settings = *saved;
    guarded_fd = fd;
    for (int index = 0; index < ZTENANT_GUARDED; index++) {
        struct sigaction previous;
        guarded_installed[index] = 0;
        if (sigaction(guarded_signals[index], NULL, &previous) != 0) continue;
        if (previous.sa_handler == SIG_IGN) continue;
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_handler = ztenant_terminal_guard_handler;
        sigfillset(&action.sa_mask);
        if (sigaction(guarded_signals[index], &action, &guarded_previous[index]) == 0) guarded_installed[index] = 1;
    }
}

void ztenant_terminal_guard_disarm(void) {
    for (int index = 0; index < ZTENANT_GUARDED; index++) {
        if (guarded_installed[index]) sigaction(guarded_signals[index], &guarded_previous[index], NULL);
        guarded_installed[index] = 0;
    }
    guarded_fd = -1;
}

void ztenant_wipe(void *buffer, size_t length) {
    if (buffer == NULL || length == 0) return;
#if defined(__APPLE__)
    memset_s(buffer, length, 0, length);
#else
    explicit_bzero(buffer, length);
#endif
}

#include <signal.h>

#ifdef __linux__
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

/// The kernel's struct sigaction for rt_sigaction(2) (not the C library's).
struct ztenant_kernel_sigaction {
    void (*handler)(int);
    unsigned long flags;
    void (*restorer)(void);
    unsigned long mask;
};

void ztenant_reset_signals_for_exec(void) {
    for (int number = 1; number <= 64; number++) {
        if (number == SIGKILL || number == SIGSTOP) continue;
        struct ztenant_kernel_sigaction action = { SIG_DFL, 0, NULL, 0 };
        syscall(SYS_rt_sigaction, number, &action, NULL, sizeof(unsigned long));
    }
    unsigned long empty = 0;
    syscall(SYS_rt_sigprocmask, SIG_SETMASK, &empty, NULL, sizeof(unsigned long));
}

int ztenant_set_nondumpable(void) {
    return prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

int ztenant_is_nondumpable(void) {
    int dumpable = prctl(PR_GET_DUMPABLE, 0, 0, 0, 0);
    return dumpable < 0 ? -1 : (dumpable == 0 ? 1 : 0);
}
#else
void ztenant_reset_signals_for_exec(void) {
    for (int number = 1; number < NSIG; number++) {
        if (number == SIGKILL || number == SIGSTOP) continue;
        signal(number, SIG_DFL);
    }
    sigset_t empty;
    sigemptyset(&empty);
    sigprocmask(SIG_SETMASK, &empty, NULL);
}

int ztenant_set_nondumpable(void) { return -1; }
int ztenant_is_nondumpable(void) { return -1; }
#endif
