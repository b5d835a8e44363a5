#ifndef ZTENANT_SHA256_BLOCKS_H
#define ZTENANT_SHA256_BLOCKS_H

#include <stddef.h>
#include <stdint.h>

/// SHA-256's compression function over whole 64-byte blocks, with the chaining state in the
/// caller's hands: a vault write stores the state reached after an unchanged prefix of the
/// file and resumes from it on the next write (docs/vault-format.md, "Chain states").
/// `state` is the eight working words a..h, host order; `blocks` counts 64-byte blocks.
/// Uses the CPU's SHA extensions when it has them.
void ztenant_sha256_blocks(uint32_t state[8], const uint8_t *data, size_t blocks);

/// The same without the SHA extensions (what runs on CPUs without them); for tests.
void ztenant_sha256_blocks_portable(uint32_t state[8], const uint8_t *data, size_t blocks);

#endif
