import Crypto
import Foundation

/// What ties a data key kept outside the file (by the agent, docs/agent.md) to one vault:
/// the vault identity, which never changes, and a digest of the sealed data key, which changes
/// when the vault is rekeyed. Neither is secret.
public struct VaultKeyBinding: Sendable, Equatable, Codable {
    /// The vault identity, 32 hex digits.
    public var identity: String
    /// SHA-256 of the sealed data key in the file's index, 64 hex digits.
    public var sealedKeyDigest: String

    /// Creates a binding.
    public init(identity: String, sealedKeyDigest: String) {
        self.identity = identity
        self.sealedKeyDigest = sealedKeyDigest
    }

    init(identity: [UInt8], sealedKey: [UInt8]) {
        self.identity = Hex.string(identity)
        self.sealedKeyDigest = Hex.string(Array(SHA256.hash(data: sealedKey)))
    }

    /// Why `other` (the file as it is now) no longer matches this binding, or nil when it does.
    public func mismatch(with other: VaultKeyBinding) -> HeldKeyRefusal.Reason? {
        if other.identity != identity { return .replaced }
        if other.sealedKeyDigest != sealedKeyDigest { return .rekeyed }
        return nil
    }
}

/// A data key held elsewhere that no longer opens this vault file.
public struct HeldKeyRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    /// Why.
    public enum Reason: String, Sendable, Equatable, Codable {
        /// The file is another vault now (its identity changed).
        case replaced
        /// The vault was rekeyed: its data key was sealed anew.
        case rekeyed
        /// A format 1 file, whose key the agent does not hold.
        case formatOne = "format-one"
    }

    /// The vault file.
    public var path: String
    /// Why the key does not open it.
    public var reason: Reason

    public var description: String {
        switch reason {
        case .replaced: "\(path) is another vault than the one unlocked (its identity changed)"
        case .rekeyed: "\(path) was rekeyed since it was unlocked"
        case .formatOne: "\(path) is a format 1 vault, whose key is not kept outside the file"
        }
    }
}

extension Vault {
    /// Lends the 32 bytes of the data key to `body`; they must not outlive it.
    public func withDataKeyBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let key = state.withLock { $0.dataKey.key }
        return try key.withUnsafeBytes(body)
    }

    /// The binding of the file as this process last read or wrote it; nil while it is format 1.
    public var keyBinding: VaultKeyBinding? {
        state.withLock { state in
            state.identity.map { VaultKeyBinding(identity: $0, sealedKey: state.sealedKey) }
        }
    }

    /// Reads the vault's header and index once and calls `body` with its binding and a
    /// function that opens the vault with a data key held elsewhere (the agent's), from what was
    /// read: no key is derived and the file is not read again.
    ///
    /// - Throws: ``HeldKeyRefusal`` (`.formatOne`) for a format 1 file, before `body` runs;
    ///   from `open`, ``VaultError/corrupted(path:reason:backup:)`` when the key does not open
    ///   the file.
    public static func withHeldKeyOpener<R>(at path: String,
        _ body: (VaultKeyBinding, _ open: (UnsafeRawBufferPointer) throws -> (vault: Vault, payload: Payload)) throws -> R)
        throws -> R
    {
        try checkPermissions(path)
        let disk = try OnDiskVault.read(path)
        guard case .two(let file, _, _) = disk, let binding = disk.keyBinding else {
            throw HeldKeyRefusal(path: path, reason: .formatOne)
        }
        return try body(binding) { dataKey in
            try ProcessHardening.apply()
            var state = State(dataKey: DataKey(key: SymmetricKey(data: dataKey)), digest: disk.digest, parameters: disk.parameters,
                sealedKey: disk.sealedKey, generation: 0, identity: file.identity, version: disk.version, salt: file.salt)
            let (generation, payload, stamps) = try decode(disk, state: state, path: path)
            state.generation = generation
            state.stamps = stamps
            state.writeRefusal = payload.writeRefusal
            return (Vault(path: path, state: state), payload)
        }
    }
}

extension OnDiskVault {
    /// The binding of a format 2 file; nil for format 1.
    var keyBinding: VaultKeyBinding? {
        guard case .two(let file, _, _) = self else { return nil }
        return VaultKeyBinding(identity: file.identity, sealedKey: file.sealedKey)
    }
}

/// Lower-case hex.
enum Hex {
    static func string(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
