#include "process_control.h"
#if defined(__GLIBC__)
#include <malloc.h>
#endif

int ztenant_limit_malloc_arenas(int count) {
#if defined(__GLIBC__)
    return mallopt(M_ARENA_MAX, count) == 1 ? 0 : -1;
#else
    (void)count;
    return -1;
#endif
}
