import CSHA256

/// SHA-256 whose chaining state can be taken at a 64-byte block boundary and resumed from
/// later: a vault write keeps, for each section, the state reached after the file's bytes up
/// to that section's last whole block, and the next write that leaves those bytes in place
/// starts hashing there (docs/vault-format.md, "Chain states"). The digests are SHA-256's.
struct ChainedSHA256 {
    static let blockLength = 64
    /// A chain state's length as stored: the eight working words, big-endian.
    static let stateLength = 32
    /// The first 32 bits of the fractional parts of the square roots of the first 8 primes.
    private static let initialWords: [UInt32] = [
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19,
    ]

    /// The compression function: with the CPU's SHA extensions where it has them.
    typealias Blocks = @convention(c) (UnsafeMutablePointer<UInt32>?, UnsafePointer<UInt8>?, Int) -> Void

    private var words: [UInt32]
    /// Bytes hashed so far, the pending ones included.
    private(set) var count: Int
    /// The bytes of a block not yet complete.
    private var pending: [UInt8] = []
    private var blocks: Blocks = ztenant_sha256_blocks

    /// A hash of nothing yet; `blocks` other than the default only for tests (the portable one).
    init(blocks: Blocks = ztenant_sha256_blocks) {
        words = Self.initialWords
        count = 0
        self.blocks = blocks
    }

    /// Resumes from `state` (``chainState``'s bytes), which holds the first `count` bytes of
    /// the message; `count` must be a multiple of the block length. Nil when `state` is not
    /// a state's length.
    init?(resuming state: [UInt8], count: Int) {
        guard state.count == Self.stateLength, count >= 0, count % Self.blockLength == 0 else { return nil }
        words = (0..<8).map { index in state[(4 * index)..<(4 * index + 4)].reduce(0) { $0 << 8 | UInt32($1) } }
        self.count = count
    }

    /// The chaining state now, as stored; only at a block boundary (nil between).
    var chainState: [UInt8]? {
        guard pending.isEmpty, count % Self.blockLength == 0 else { return nil }
        return wordBytes
    }

    /// The working words, big-endian: a chain state, or the digest after the padding.
    private var wordBytes: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Self.stateLength)
        for word in words { ByteWriter.append(word, to: &bytes) }
        return bytes
    }

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard var base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), !bytes.isEmpty else { return }
        var remaining = bytes.count
        count += remaining
        if !pending.isEmpty {
            let taken = min(Self.blockLength - pending.count, remaining)
            pending.append(contentsOf: UnsafeBufferPointer(start: base, count: taken))
            base += taken
            remaining -= taken
            guard pending.count == Self.blockLength else { return }
            compress(pending)
            pending.removeAll(keepingCapacity: true)
        }
        let blocks = remaining / Self.blockLength
        if blocks > 0 {
            let compress = self.blocks
            words.withUnsafeMutableBufferPointer { compress($0.baseAddress!, base, blocks) }
            base += blocks * Self.blockLength
            remaining -= blocks * Self.blockLength
        }
        pending.append(contentsOf: UnsafeBufferPointer(start: base, count: remaining))
    }

    mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// The digest of everything hashed: the padding (a one bit, zeros, the length in bits)
    /// and the last blocks.
    func finalize() -> [UInt8] {
        var copy = self
        var tail = copy.pending
        tail.append(0x80)
        while tail.count % Self.blockLength != Self.blockLength - 8 { tail.append(0) }
        ByteWriter.append(UInt64(count) &* 8, to: &tail)
        copy.compress(tail)
        return copy.wordBytes
    }

    private mutating func compress(_ bytes: [UInt8]) {
        let compress = blocks
        bytes.withUnsafeBufferPointer { input in
            words.withUnsafeMutableBufferPointer { compress($0.baseAddress!, input.baseAddress!, input.count / Self.blockLength) }
        }
    }

    /// The SHA-256 of `bytes` computed without the CPU's SHA extensions, as on a CPU that lacks
    /// them: for tests, which compare both paths with swift-crypto's.
    static func portableDigest(of bytes: [UInt8]) -> [UInt8] {
        var hasher = ChainedSHA256(blocks: ztenant_sha256_blocks_portable)
        hasher.update(bytes)
        return hasher.finalize()
    }
}
