#include "process_control.h"

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
