#ifndef ZTENANT_PROCESS_CONTROL_H
#define ZTENANT_PROCESS_CONTROL_H

/// Marks the process non-dumpable (no core dumps, no ptrace by same-user processes).
/// Returns 0 on success, -1 where unsupported or on failure.
int ztenant_set_nondumpable(void);

/// 1 if the process is non-dumpable, 0 if dumpable, -1 where unsupported.
int ztenant_is_nondumpable(void);

#endif
