#ifndef ZTENANT_PROCESS_CONTROL_H
#define ZTENANT_PROCESS_CONTROL_H

/// Marks the process non-dumpable (no core dumps, no ptrace by same-user processes).
/// Returns 0 on success, -1 where unsupported or on failure.
int ztenant_set_nondumpable(void);

/* Sets another process's RLIMIT_CORE (prlimit(2)); 0, or -1 with errno. */
int ztenant_set_core_limit_of(int pid, unsigned long long soft, unsigned long long hard);

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

/// Starts writing the dirty pages of `fd` in [offset, offset + length) back to disk without
/// waiting (Linux's sync_file_range with SYNC_FILE_RANGE_WRITE; a length of 0 means to the end
/// of the file); fsync still makes them durable. Returns -1 where unsupported; then fsync does
/// all the work.
int ztenant_start_writeback(int fd, long long offset, long long length);

/// Copies `length` bytes of `from`, starting at `offset`, into `to` at `to_offset`: inside the
/// kernel (sendfile, which copies: never shared blocks) where it can, else through a buffer.
/// `from`'s position does not move; `to`'s does (callers write with pwrite). 0 on success, -1
/// with errno set.
int ztenant_copy_range(int from, long long offset, int to, long long to_offset, long long length);

/// The same through a buffer only (pread/pwrite, no position moves): what runs where sendfile cannot.
int ztenant_copy_range_buffered(int from, long long offset, int to, long long to_offset, long long length);


/// The user id (and, on Linux, the process id) of the process at the other end of a
/// connected Unix-domain socket, as the kernel recorded it when the connection was made
/// (SO_PEERCRED on Linux, getpeereid elsewhere). Returns 0, or -1 with errno set.
int ztenant_peer_credentials(int fd, unsigned int *uid, int *pid);

/// Installs handlers for SIGTERM, SIGHUP and SIGINT that write the signal's number as one
/// byte to a non-blocking pipe, whichever thread receives the signal, and ignores SIGPIPE.
/// Returns the pipe's read end for poll(2), or -1.
int ztenant_signal_pipe_install(void);

/// Closes every descriptor from `lowest` up, except `keep` (-1 keeps none).
int ztenant_close_descriptors_from(int lowest, int keep);

/// Caps how many malloc arenas threads may spread over (glibc's M_ARENA_MAX, as the
/// MALLOC_ARENA_MAX variable would). Only threads that have not allocated yet are held to
/// it. Returns 0, or -1 where unsupported.
int ztenant_limit_malloc_arenas(int count);

/// Leaves the pages at `address` out of core dumps (MADV_DONTDUMP); 0 or -1.
int ztenant_exclude_from_core(void *address, size_t length);

/// Starts `path` as a new session (no controlling terminal) with standard input, output and
/// error on /dev/null, every signal at its default and none blocked, and `pass_fd` (when not
/// -1) as its descriptor 3. Sets `pid`; returns 0, or -1 with errno set.
int ztenant_spawn_detached(const char *path, char *const argv[], char *const envp[], int pass_fd, int *pid);

/// The soft RLIMIT_MEMLOCK in bytes; -2 when unlimited, -1 on failure.
long long ztenant_memlock_limit(void);

#endif
