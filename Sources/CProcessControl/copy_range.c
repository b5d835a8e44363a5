#define _GNU_SOURCE 1
#include "process_control.h"
#include <errno.h>
#include <unistd.h>

// Copies with copy_file_range(2) where the kernel and file system can (no trip through user
// memory), and with pread/write where they cannot (an older kernel, some network or FUSE file
// systems); the result is the same bytes either way.
int ztenant_copy_range(int from, long long offset, int to, long long to_offset, long long length) {
    long long copied = 0;
#if defined(__linux__)
    while (copied < length) {
        off_t in = (off_t)(offset + copied), out = (off_t)(to_offset + copied);
        ssize_t moved = copy_file_range(from, &in, to, &out, (size_t)(length - copied), 0);
        if (moved > 0) { copied += moved; continue; }
        if (moved < 0 && errno == EINTR) continue;
        if (moved == 0) { errno = EIO; return -1; }  // the source ended early
        if (errno == ENOSYS || errno == EXDEV || errno == EINVAL || errno == EOPNOTSUPP || errno == EPERM) break;
        return -1;
    }
#endif
    return ztenant_copy_range_buffered(from, offset + copied, to, to_offset + copied, length - copied);
}

int ztenant_copy_range_buffered(int from, long long offset, int to, long long to_offset, long long length) {
    long long copied = 0;
    char buffer[65536];
    while (copied < length) {
        size_t want = length - copied < (long long)sizeof buffer ? (size_t)(length - copied) : sizeof buffer;
        ssize_t got = pread(from, buffer, want, (off_t)(offset + copied));
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) { if (got == 0) errno = EIO; return -1; }
        for (ssize_t written = 0; written < got;) {
            ssize_t put = pwrite(to, buffer + written, (size_t)(got - written), (off_t)(to_offset + copied + written));
            if (put < 0 && errno == EINTR) continue;
            if (put < 0) return -1;
            written += put;
        }
        copied += got;
    }
    return 0;
}
