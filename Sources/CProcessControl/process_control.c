#define _DEFAULT_SOURCE 1
#define __STDC_WANT_LIB_EXT1__ 1
#include "process_control.h"
#include <string.h>

void ztenant_wipe(void *buffer, size_t length) {
    if (buffer == NULL || length == 0) return;
#if defined(__APPLE__)
    memset_s(buffer, length, 0, length);
#else
    explicit_bzero(buffer, length);
#endif
}

#ifdef __linux__
#include <sys/prctl.h>

int ztenant_set_nondumpable(void) {
    return prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

int ztenant_is_nondumpable(void) {
    int dumpable = prctl(PR_GET_DUMPABLE, 0, 0, 0, 0);
    return dumpable < 0 ? -1 : (dumpable == 0 ? 1 : 0);
}
#else
int ztenant_set_nondumpable(void) { return -1; }
int ztenant_is_nondumpable(void) { return -1; }
#endif
