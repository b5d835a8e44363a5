#ifndef ZTENANT_PROCESS_CONTROL_H
#define ZTENANT_PROCESS_CONTROL_H

/// Marks the process non-dumpable (no core dumps, no ptrace by same-user processes).
/// Returns 0 on success, -1 where unsupported or on failure.
int ztenant_set_nondumpable(void);

/// 1 if the process is non-dumpable, 0 if dumpable, -1 where unsupported.
int ztenant_is_nondumpable(void);

#include <stddef.h>
#include <termios.h>

/// Overwrites `length` bytes at `buffer` with zeros in a way the compiler may not remove
/// (explicit_bzero on glibc, memset_s on Darwin), even when the memory is freed right after.
void ztenant_wipe(void *buffer, size_t length);

/// Puts every signal (1–64 but SIGKILL and SIGSTOP) back to its default disposition and
/// empties the calling thread's signal mask, through the system calls themselves: the C
/// library's wrappers refuse the signals it reserves for its own threads, which a parent
/// may still have left ignored. Call only right before execve.
void ztenant_reset_signals_for_exec(void);

/// Until disarmed, SIGINT, SIGTERM, SIGHUP and SIGQUIT first put the terminal `fd` back to
/// `saved` and then end the process as they would have. Signals that were ignored stay
/// ignored. The handler is C with static storage: only async-signal-safe calls.
void ztenant_terminal_guard_arm(int fd, const struct termios *saved);

/// Puts the previous handlers back.
void ztenant_terminal_guard_disarm(void);

/// Starts writing a file's dirty pages back to disk without waiting (Linux's
/// sync_file_range with SYNC_FILE_RANGE_WRITE); fsync still makes them durable. Returns -1
/// where unsupported; then fsync does all the work, as before.
int ztenant_start_writeback(int fd);

#endif
