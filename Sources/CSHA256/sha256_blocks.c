// SHA-256's compression function (FIPS 180-4, section 6.2.2) over whole blocks, portable and
// with the x86 SHA extensions. Padding and the final length block are done by the caller
// (Sources/CredentialVault/Crypto/ChainedSHA256.swift).
#include "sha256_blocks.h"

#include <string.h>

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <cpuid.h>
#include <immintrin.h>
#define ZTENANT_SHA_X86 1
#endif

// The first 32 bits of the fractional parts of the cube roots of the first 64 primes.
static const uint32_t round_constants[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static inline uint32_t rotr(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

static inline uint32_t load_be32(const uint8_t *p) {
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

void ztenant_sha256_blocks_portable(uint32_t state[8], const uint8_t *data, size_t blocks) {
    uint32_t w[64];
    for (; blocks > 0; blocks--, data += 64) {
        for (int t = 0; t < 16; t++) w[t] = load_be32(data + 4 * t);
        for (int t = 16; t < 64; t++) {
            uint32_t s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
            uint32_t s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
            w[t] = w[t - 16] + s0 + w[t - 7] + s1;
        }
        uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
        uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
        for (int t = 0; t < 64; t++) {
            uint32_t t1 = h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + round_constants[t] + w[t];
            uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
            h = g; g = f; f = e; e = d + t1;
            d = c; c = b; b = a; a = t1 + t2;
        }
        state[0] += a; state[1] += b; state[2] += c; state[3] += d;
        state[4] += e; state[5] += f; state[6] += g; state[7] += h;
    }
    memset(w, 0, sizeof w);
}

#ifdef ZTENANT_SHA_X86
// Four rounds: the message words (with their round constants added) go through two
// SHA256RNDS2 steps; the instruction keeps the state as ABEF and CDGH halves.
#define FOUR_ROUNDS(words, group)                                                              \
    do {                                                                                       \
        __m128i k = _mm_loadu_si128((const __m128i *)&round_constants[4 * (group)]);           \
        __m128i m = _mm_add_epi32((words), k);                                                 \
        cdgh = _mm_sha256rnds2_epu32(cdgh, abef, m);                                           \
        abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32(m, 0x0E));                  \
    } while (0)

// The next four schedule words, W[t..t+3] from the four vectors before them (W[t-16..t-1]).
#define SCHEDULE(w0, w1, w2, w3)                                                               \
    _mm_sha256msg2_epu32(_mm_add_epi32(_mm_sha256msg1_epu32((w0), (w1)), _mm_alignr_epi8((w3), (w2), 4)), (w3))

__attribute__((target("sha,sse4.1,ssse3")))
static void blocks_sha_extensions(uint32_t state[8], const uint8_t *data, size_t blocks) {
    // Big-endian words: each 4-byte group reversed.
    const __m128i byte_order = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
    __m128i dcba = _mm_loadu_si128((const __m128i *)&state[0]);  // lanes a, b, c, d
    __m128i hgfe = _mm_loadu_si128((const __m128i *)&state[4]);  // lanes e, f, g, h
    __m128i badc = _mm_shuffle_epi32(dcba, 0xB1);                // b, a, d, c
    __m128i efgh = _mm_shuffle_epi32(hgfe, 0x1B);                // h, g, f, e
    __m128i abef = _mm_alignr_epi8(badc, efgh, 8);               // f, e, b, a
    __m128i cdgh = _mm_blend_epi16(efgh, badc, 0xF0);            // h, g, d, c
    for (; blocks > 0; blocks--, data += 64) {
        const __m128i abef_before = abef, cdgh_before = cdgh;
        __m128i w0 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 0)), byte_order);
        __m128i w1 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 16)), byte_order);
        __m128i w2 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 32)), byte_order);
        __m128i w3 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 48)), byte_order);
        FOUR_ROUNDS(w0, 0);
        FOUR_ROUNDS(w1, 1);
        FOUR_ROUNDS(w2, 2);
        FOUR_ROUNDS(w3, 3);
        for (int group = 4; group < 16; group += 4) {
            w0 = SCHEDULE(w0, w1, w2, w3); FOUR_ROUNDS(w0, group);
            w1 = SCHEDULE(w1, w2, w3, w0); FOUR_ROUNDS(w1, group + 1);
            w2 = SCHEDULE(w2, w3, w0, w1); FOUR_ROUNDS(w2, group + 2);
            w3 = SCHEDULE(w3, w0, w1, w2); FOUR_ROUNDS(w3, group + 3);
        }
        abef = _mm_add_epi32(abef, abef_before);
        cdgh = _mm_add_epi32(cdgh, cdgh_before);
    }
    __m128i feba = _mm_shuffle_epi32(abef, 0x1B);                // a, b, e, f
    __m128i dchg = _mm_shuffle_epi32(cdgh, 0xB1);                // g, h, c, d
    _mm_storeu_si128((__m128i *)&state[0], _mm_blend_epi16(feba, dchg, 0xF0));  // a, b, c, d
    _mm_storeu_si128((__m128i *)&state[4], _mm_alignr_epi8(dchg, feba, 8));     // e, f, g, h
}

static int has_sha_extensions(void) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    int ssse3 = (ecx >> 9) & 1, sse41 = (ecx >> 19) & 1;
    if (__get_cpuid_max(0, NULL) < 7) return 0;
    __cpuid_count(7, 0, eax, ebx, ecx, edx);
    return ssse3 && sse41 && ((ebx >> 29) & 1);
}
#endif

static int sha_extensions_usable(void) {
#ifdef ZTENANT_SHA_X86
    static int known = -1;
    int value = __atomic_load_n(&known, __ATOMIC_RELAXED);
    if (value < 0) {
        value = has_sha_extensions();
        __atomic_store_n(&known, value, __ATOMIC_RELAXED);
    }
    return value;
#else
    return 0;
#endif
}

void ztenant_sha256_blocks(uint32_t state[8], const uint8_t *data, size_t blocks) {
#ifdef ZTENANT_SHA_X86
    if (sha_extensions_usable()) {
        blocks_sha_extensions(state, data, blocks);
        return;
    }
#endif
    ztenant_sha256_blocks_portable(state, data, blocks);
}
