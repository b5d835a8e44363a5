#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A passphrase held in a buffer that is wiped when the passphrase is released.
///
/// Swift strings may be copied anywhere; this keeps the passphrase in one place we control,
/// so dropping it right after key derivation actually removes it from memory. It prints as
/// a mask.
public final class Passphrase: @unchecked Sendable, Equatable, CustomStringConvertible {
    // The buffer is written once in init and only read afterwards, so sharing it is safe.
    private let storage: UnsafeMutableBufferPointer<UInt8>

    /// Copies the UTF-8 bytes of `text`.
    public init(_ text: String) {
        var bytes = Array(text.utf8)
        storage = .allocate(capacity: max(bytes.count, 1))
        _ = storage.initialize(from: bytes)
        self.count = bytes.count
        SecureWipe.zero(&bytes)
    }

    /// Takes bytes and wipes the caller's array.
    public init(bytes: inout [UInt8]) {
        storage = .allocate(capacity: max(bytes.count, 1))
        _ = storage.initialize(from: bytes)
        count = bytes.count
        SecureWipe.zero(&bytes)
    }

    /// The number of bytes.
    public let count: Int

    /// Whether it is empty.
    public var isEmpty: Bool { count == 0 }

    /// Calls `body` with the bytes; do not let them escape.
    public func withBytes<T>(_ body: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T {
        try body(UnsafeBufferPointer(rebasing: storage[0..<count]))
    }

    /// Whether both hold the same bytes, compared in time that depends only on the lengths.
    public func matches(_ other: Passphrase) -> Bool {
        guard count == other.count else { return false }
        return withBytes { mine in
            other.withBytes { theirs in
                var difference: UInt8 = 0
                for index in 0..<mine.count { difference |= mine[index] ^ theirs[index] }
                return difference == 0
            }
        }
    }

    /// Same bytes (``matches(_:)``).
    public static func == (lhs: Passphrase, rhs: Passphrase) -> Bool { lhs.matches(rhs) }

    /// Always a mask.
    public var description: String { "Passphrase(••••••)" }

    deinit {
        // explicit_bzero: unlike memset on memory about to be freed, the compiler may not drop it.
        if let base = storage.baseAddress {
            SecureWipe.zero(base, storage.count)
        }
        storage.deallocate()
    }
}
