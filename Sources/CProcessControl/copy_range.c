#define _GNU_SOURCE 1
#include "process_control.h"
#include <errno.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/sendfile.h>
#endif

// Copies with sendfile(2) where the kernel can (page cache to page cache, no trip through user
// memory) and with pread/pwrite where it cannot; the result is the same bytes either way. Not
// copy_file_range(2): on btrfs, XFS and others it shares the blocks instead of copying them,
// which would make a vault and its backup one copy of those bytes on disk.
int ztenant_copy_range(int from, long long offset, int to, long long to_offset, long long length) {
    long long copied = 0;
#if defined(__linux__)
    if (lseek(to, (off_t)to_offset, SEEK_SET) == (off_t)-1) return -1;
    while (copied < length) {
        off_t in = (off_t)(offset + copied);
        size_t want = length - copied < 0x40000000LL ? (size_t)(length - copied) : 0x40000000;
        ssize_t moved = sendfile(to, from, &in, want);
        if (moved > 0) { copied += moved; continue; }
        if (moved < 0 && errno == EINTR) continue;
        // Nothing moved (some file systems say "not supported" so) or sendfile cannot: the
        // buffered copy does the rest, and reports a source that really ended.
        if (moved == 0 || errno == ENOSYS || errno == EINVAL || errno == EOPNOTSUPP || errno == ESPIPE) break;
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
            if (put <= 0) { if (put == 0) errno = EIO; return -1; }
            written += put;
        }
        copied += got;
    }
    return 0;
}
