#define _GNU_SOURCE 1
#include "process_control.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/mman.h>
#include <sys/syscall.h>
#endif

int ztenant_peer_credentials(int fd, unsigned int *uid, int *pid) {
#if defined(__linux__)
    struct ucred credentials;
    socklen_t length = sizeof credentials;
    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &credentials, &length) != 0) return -1;
    if (length != sizeof credentials) { errno = EPROTO; return -1; }
    *uid = credentials.uid;
    *pid = credentials.pid;
    return 0;
#else
    uid_t peer;
    gid_t group;
    if (getpeereid(fd, &peer, &group) != 0) return -1;
    *uid = peer;
    *pid = 0;
    return 0;
#endif
}

static volatile sig_atomic_t signal_pipe_write = -1;

static void ztenant_signal_pipe_handler(int number) {
    int saved = errno;
    unsigned char byte = (unsigned char)number;
    if (signal_pipe_write >= 0) (void)!write(signal_pipe_write, &byte, 1);
    errno = saved;
}

int ztenant_signal_pipe_install(void) {
    int ends[2];
#if defined(__linux__)
    if (pipe2(ends, O_CLOEXEC | O_NONBLOCK) != 0) return -1;
#else
    if (pipe(ends) != 0) return -1;
    for (int index = 0; index < 2; index++) {
        fcntl(ends[index], F_SETFD, FD_CLOEXEC);
        fcntl(ends[index], F_SETFL, O_NONBLOCK);
    }
#endif
    signal_pipe_write = ends[1];
    const int caught[3] = { SIGTERM, SIGHUP, SIGINT };
    for (int index = 0; index < 3; index++) {
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_handler = ztenant_signal_pipe_handler;
        sigfillset(&action.sa_mask);
        action.sa_flags = SA_RESTART;
        if (sigaction(caught[index], &action, NULL) != 0) return -1;
    }
    signal(SIGPIPE, SIG_IGN);
    return ends[0];
}

int ztenant_close_descriptors_from(int lowest, int keep) {
    long maximum = sysconf(_SC_OPEN_MAX);
    if (maximum < 0 || maximum > 65536) maximum = 65536;
    for (int fd = lowest; fd < maximum; fd++) {
        if (fd != keep) close(fd);
    }
    return 0;
}

int ztenant_exclude_from_core(void *address, size_t length) {
#if defined(__linux__)
    return madvise(address, length, MADV_DONTDUMP);
#else
    (void)address; (void)length;
    return 0;
#endif
}

#include <spawn.h>

int ztenant_spawn_detached(const char *path, char *const argv[], char *const envp[], int pass_fd, int *pid) {
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attributes;
    if (posix_spawn_file_actions_init(&actions) != 0) return -1;
    if (posix_spawnattr_init(&attributes) != 0) { posix_spawn_file_actions_destroy(&actions); return -1; }
    int failed = 0;
    failed |= posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    failed |= posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    failed |= posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    /* Through a copy above 10: dup2 onto itself would keep close-on-exec, and a descriptor
       0-2 (a caller with standard streams closed) would be replaced by the /dev/null opens. */
    int source = pass_fd >= 0 ? fcntl(pass_fd, F_DUPFD_CLOEXEC, 10) : -1;
    if (pass_fd >= 0) failed |= source < 0 || posix_spawn_file_actions_adddup2(&actions, source, 3);
    sigset_t empty, all;
    sigemptyset(&empty);
    sigfillset(&all);
    sigdelset(&all, SIGKILL);
    sigdelset(&all, SIGSTOP);
    failed |= posix_spawnattr_setsigmask(&attributes, &empty);
    failed |= posix_spawnattr_setsigdefault(&attributes, &all);
    short flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF;
#ifdef POSIX_SPAWN_SETSID
    flags |= POSIX_SPAWN_SETSID;
#endif
    failed |= posix_spawnattr_setflags(&attributes, flags);
    int result = -1;
    if (!failed) {
        pid_t child;
        int error = posix_spawn(&child, path, &actions, &attributes, argv, envp);
        if (error == 0) { *pid = (int)child; result = 0; } else { errno = error; }
    }
    if (source != pass_fd && source >= 0) close(source);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    return result;
}

#include <sys/resource.h>

long long ztenant_memlock_limit(void) {
    struct rlimit limit;
    if (getrlimit(RLIMIT_MEMLOCK, &limit) != 0) return -1;
    return limit.rlim_cur == RLIM_INFINITY ? -2 : (long long)limit.rlim_cur;
}

int ztenant_set_core_limit_of(int pid, unsigned long long soft, unsigned long long hard) {
#if defined(__linux__)
    struct rlimit limit;
    limit.rlim_cur = (rlim_t)soft;
    limit.rlim_max = (rlim_t)hard;
    return prlimit((pid_t)pid, RLIMIT_CORE, &limit, NULL);
#else
    (void)pid; (void)soft; (void)hard;
    errno = ENOSYS;
    return -1;
#endif
}
