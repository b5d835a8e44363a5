/// Text being typed that is a secret (a passphrase, a password field): editable one
/// character at a time, kept in memory that is wiped whenever it is released or outgrown,
/// and never a `String` unless the user asks to reveal it.
///
/// A value type with copy-on-write storage, so state that holds one (the TUI's model) can
/// be copied and compared like any other value; equality takes time that depends only on
/// the lengths. It prints as a mask.
public struct SecretText: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    private var storage: Storage

    /// Empty.
    public init() {
        storage = Storage(capacity: 64)
    }

    /// From a string, for values that already were strings (a stored password being edited).
    public init(_ text: String) {
        self.init()
        for character in text { append(character) }
    }

    /// The number of characters.
    public var count: Int { storage.lengths.count }

    /// Whether nothing was typed.
    public var isEmpty: Bool { storage.lengths.isEmpty }

    /// Adds a character at the end.
    public mutating func append(_ character: Character) {
        let utf8 = Array(character.utf8)
        guard !utf8.isEmpty, utf8.count <= Int(UInt8.max) else { return }
        unique()
        storage.append(utf8)
    }

    /// Removes the last character, if any.
    public mutating func removeLast() {
        guard !isEmpty else { return }
        unique()
        storage.removeLast()
    }

    /// Removes everything.
    public mutating func removeAll() {
        guard !isEmpty else { return }
        unique()
        while !storage.lengths.isEmpty { storage.removeLast() }
    }

    /// Removes trailing spaces, then the word before them (Ctrl-W).
    public mutating func removeLastWord() {
        while lastIsSpace { removeLast() }
        while !isEmpty && !lastIsSpace { removeLast() }
    }

    /// Whether any character's first scalar satisfies `predicate`; no `String` is made.
    public func contains(where predicate: (Unicode.Scalar) -> Bool) -> Bool {
        storage.withBytes { bytes in
            var iterator = bytes.makeIterator()
            var decoder = UTF8()
            while case .scalarValue(let scalar) = decoder.decode(&iterator) {
                if predicate(scalar) { return true }
            }
            return false
        }
    }

    /// A passphrase holding the same bytes.
    public func passphrase() -> Passphrase {
        storage.withBytes { bytes in
            var copy = Array(bytes)
            return Passphrase(bytes: &copy)
        }
    }

    /// The text itself, for the single place that must have a `String` (sealing a profile's
    /// password, or showing it because the user asked to).
    public func reveal() -> String {
        storage.withBytes { String(decoding: $0, as: UTF8.self) }
    }

    /// Always a mask.
    public var description: String { "SecretText(••••••)" }
    /// Always a mask.
    public var debugDescription: String { description }

    public static func == (lhs: SecretText, rhs: SecretText) -> Bool {
        lhs.storage.withBytes { left in
            rhs.storage.withBytes { right in
                guard left.count == right.count else { return false }
                var difference: UInt8 = 0
                for index in 0..<left.count { difference |= left[index] ^ right[index] }
                return difference == 0
            }
        }
    }

    private var lastIsSpace: Bool {
        guard storage.lengths.last == 1 else { return false }
        return storage.withBytes { $0.last == 0x20 }
    }

    private mutating func unique() {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
    }

    /// Bytes in a buffer that is zeroed before it is freed or replaced by a larger one.
    private final class Storage: @unchecked Sendable {
        // Mutated only through a uniquely referenced value (copy-on-write), so never shared
        // while it changes.
        private var buffer: UnsafeMutableBufferPointer<UInt8>
        private var used = 0
        /// The UTF-8 length of each character (lengths are not secret).
        var lengths: [UInt8] = []

        init(capacity: Int) {
            buffer = .allocate(capacity: max(capacity, 16))
            buffer.initialize(repeating: 0)
        }

        func copy() -> Storage {
            let copy = Storage(capacity: buffer.count)
            for index in 0..<used { copy.buffer[index] = buffer[index] }
            copy.used = used
            copy.lengths = lengths
            return copy
        }

        func append(_ bytes: [UInt8]) {
            if used + bytes.count > buffer.count {
                let larger = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(buffer.count * 2, used + bytes.count))
                larger.initialize(repeating: 0)
                for index in 0..<used { larger[index] = buffer[index] }
                release(buffer)
                buffer = larger
            }
            for (offset, byte) in bytes.enumerated() { buffer[used + offset] = byte }
            used += bytes.count
            lengths.append(UInt8(bytes.count))
        }

        func removeLast() {
            guard let length = lengths.popLast() else { return }
            let start = used - Int(length)
            if let base = buffer.baseAddress { SecureWipe.zero(base + start, Int(length)) }
            used = start
        }

        func withBytes<T>(_ body: (UnsafeBufferPointer<UInt8>) throws -> T) rethrows -> T {
            try body(UnsafeBufferPointer(rebasing: buffer[0..<used]))
        }

        private func release(_ old: UnsafeMutableBufferPointer<UInt8>) {
            if let base = old.baseAddress { SecureWipe.zero(base, old.count) }
            old.deallocate()
        }

        deinit { release(buffer) }
    }
}
