import Crypto
import Foundation
import Testing

@testable import CredentialVault

/// A fixed sequence of pseudo-random numbers (SplitMix64), so every run tests the same splits.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("The trailing digest's SHA-256, whose chaining state a write keeps and resumes")
struct ChainedDigestTests {
    static func message(_ count: Int, seed: UInt64 = 1) -> [UInt8] {
        var generator = SeededGenerator(state: seed)
        return (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    @Test func itIsSHA256ForEveryLengthAroundTheBlockAndPaddingEdges() {
        let lengths = Array(0...200) + [447, 448, 511, 512, 513, 4095, 4096, 4097, 100_003]
        for length in lengths {
            let bytes = Self.message(length, seed: UInt64(length))
            var hasher = ChainedSHA256()
            hasher.update(bytes)
            #expect(hasher.finalize() == Array(SHA256.hash(data: bytes)), "length \(length)")
        }
    }

    @Test func itIsTheSameWhateverPiecesTheBytesArriveIn() {
        var generator = SeededGenerator(state: 42)
        let bytes = Self.message(70_001)
        let expected = Array(SHA256.hash(data: bytes))
        for _ in 0..<50 {
            var hasher = ChainedSHA256()
            var position = 0
            while position < bytes.count {
                let piece = min(bytes.count - position, Int.random(in: 0...300, using: &generator))
                bytes[position..<(position + piece)].withUnsafeBytes { hasher.update($0) }
                position += piece
            }
            #expect(hasher.count == bytes.count)
            #expect(hasher.finalize() == expected)
        }
    }

    @Test func withoutTheCPUsSHAExtensionsItIsSHA256Too() {
        for length in Array(0...130) + [1_000, 65_537] {
            let bytes = Self.message(length, seed: UInt64(length) + 7)
            #expect(ChainedSHA256.portableDigest(of: bytes) == Array(SHA256.hash(data: bytes)), "length \(length)")
        }
    }

    @Test func aStateTakenAtABlockBoundaryResumesToTheSameDigest() throws {
        let bytes = Self.message(10_000)
        for boundary in [64, 128, 4_096, 9_984] {
            var first = ChainedSHA256()
            first.update(Array(bytes[..<boundary]))
            let state = try #require(first.chainState)
            #expect(state.count == ChainedSHA256.stateLength)
            var resumed = try #require(ChainedSHA256(resuming: state, count: boundary))
            resumed.update(Array(bytes[boundary...]))
            #expect(resumed.finalize() == Array(SHA256.hash(data: bytes)), "resumed at \(boundary)")
        }
    }

    @Test func aStateIsNeitherTakenNorResumedBetweenBlocks() {
        var hasher = ChainedSHA256()
        hasher.update(Self.message(100))
        #expect(hasher.chainState == nil, "100 bytes is not a block boundary")
        #expect(ChainedSHA256(resuming: [UInt8](repeating: 0, count: 32), count: 100) == nil)
        #expect(ChainedSHA256(resuming: [UInt8](repeating: 0, count: 31), count: 64) == nil)
        #expect(ChainedSHA256(resuming: [UInt8](repeating: 0, count: 32), count: 64) != nil)
    }

    @Test func theProgressiveDigestTakesTheStatesAtItsMarks() throws {
        let bytes = Self.message(5_000)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count - 128, alignment: 16)
        defer { buffer.deallocate() }
        var start = ChainedSHA256()
        start.update(Array(bytes[..<128]))
        let marks = [128, 192, 192, 4_928]
        let digest = ProgressiveDigest(UnsafeRawBufferPointer(buffer), continuing: start, marks: marks)
        // Published in pieces, as a write fills its buffer.
        var filled = 0
        while filled < buffer.count {
            let end = min(buffer.count, filled + 700)
            bytes[(128 + filled)..<(128 + end)].withUnsafeBytes {
                buffer.baseAddress!.advanced(by: filled).copyMemory(from: $0.baseAddress!, byteCount: end - filled)
            }
            filled = end
            digest.publish(filled)
        }
        let outcome = try #require(digest.wait())
        #expect(outcome.hasher.finalize() == Array(SHA256.hash(data: bytes)))
        for (mark, state) in zip(marks, outcome.states) {
            var expected = ChainedSHA256()
            expected.update(Array(bytes[..<mark]))
            #expect(state == expected.chainState, "state at \(mark)")
        }
        #expect(outcome.states.count == marks.count)
    }
}
