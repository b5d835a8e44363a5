import Crypto
import Foundation

/// Sealing and opening the single payload of a format 1 file: vaults written before format 2
/// (read, and converted by their next write) and export files (still format 1).
enum VersionOneSeal {
    /// Seals `plain` and the data key into a format 1 file.
    static func seal(_ plain: Data, generation: UInt64, kind: VaultFile.Kind, dataKey: SymmetricKey,
        keyEncryptionKey: SymmetricKey, salt: [UInt8], parameters: KDFParameters) throws -> VaultFile
    {
        var file = VaultFile(parameters: parameters, salt: salt, kind: kind, sealedKey: [], sealedPayload: [])
        file.sealedKey = try KeySeal.seal(dataKey, under: keyEncryptionKey, header: file.header)
        var framed = Data(VaultFile.generationMarker)
        framed.reserveCapacity(VaultFile.generationMarker.count + 8 + plain.count)
        framed.append(contentsOf: ByteWriter.uint64(generation))
        framed.append(plain)
        defer { framed.resetBytes(in: 0..<framed.count) }
        file.sealedPayload = Array(try ChaChaPoly.seal(framed, using: dataKey, authenticating: file.payloadAssociatedData).combined)
        return file
    }

    /// The generation and the encoded payload; throws when the seal does not open. Plaintexts
    /// written before generations existed start with the encoding itself and read as 0.
    static func open(_ file: VaultFile, dataKey: SymmetricKey) throws -> (generation: UInt64, plain: Data) {
        let box = try ChaChaPoly.SealedBox(combined: file.sealedPayload)
        var framed = try ChaChaPoly.open(box, using: dataKey, authenticating: file.payloadAssociatedData)
        defer { framed.resetBytes(in: 0..<framed.count) }
        let marker = VaultFile.generationMarker.count
        guard Array(framed.prefix(marker)) == VaultFile.generationMarker else { return (0, Data(framed)) }
        // The marker without its 8-byte counter is damage, not a plaintext from before generations.
        guard framed.count >= marker + 8 else { throw CryptoKitError.incorrectParameterSize }
        let generation = framed.dropFirst(marker).prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return (generation, Data(framed.dropFirst(marker + 8)))
    }

    /// Parses a format 1 file of the expected kind, KDF caps checked.
    static func parse(_ bytes: [UInt8], path: String, expecting kind: VaultFile.Kind) throws -> VaultFile {
        switch VaultFile.parse(bytes) {
        case .success(let file):
            guard file.kind == kind else { throw VaultError.notAVault(path: path) }
            if let cost = file.parameters.capViolation {
                throw VaultError.kdfParametersOutOfRange(parameters: file.parameters.description, cost: cost)
            }
            return file
        case .failure(let failure):
            throw failure.error(path: path)
        }
    }
}

/// The data key sealed under the key derived from the passphrase.
enum KeySeal {
    static func seal(_ dataKey: SymmetricKey, under keyEncryptionKey: SymmetricKey, header: [UInt8]) throws -> [UInt8] {
        // The key's bytes go straight from its own storage into the cipher, never into an array.
        let sealed = try dataKey.withUnsafeBytes { keyBytes in
            try ChaChaPoly.seal(keyBytes, using: keyEncryptionKey, authenticating: header)
        }
        return Array(sealed.combined)
    }

    /// Derives the key from the passphrase and opens the data key.
    ///
    /// - Throws: ``VaultError/wrongPassphrase(path:)`` when it does not open (the file's digest
    ///   matched, so the bytes are as written).
    static func open(_ sealedKey: [UInt8], header: [UInt8], salt: [UInt8], parameters: KDFParameters, passphrase: Passphrase,
        path: String) throws -> SymmetricKey
    {
        try openReturningKEK(sealedKey, header: header, salt: salt, parameters: parameters, passphrase: passphrase, path: path)
            .dataKey
    }

    /// ``open(_:header:salt:parameters:passphrase:path:)``, also returning the derived key.
    static func openReturningKEK(_ sealedKey: [UInt8], header: [UInt8], salt: [UInt8], parameters: KDFParameters,
        passphrase: Passphrase, path: String) throws -> (dataKey: SymmetricKey, keyEncryptionKey: SymmetricKey)
    {
        try ProcessHardening.apply()
        let keyEncryptionKey = try KeyDerivation.deriveKey(passphrase: passphrase, salt: salt, parameters: parameters)
        do {
            let box = try ChaChaPoly.SealedBox(combined: sealedKey)
            var keyBytes = try ChaChaPoly.open(box, using: keyEncryptionKey, authenticating: header)
            defer { keyBytes.resetBytes(in: 0..<keyBytes.count) }
            guard keyBytes.count == 32 else { throw VaultError.corrupted(path: path, reason: "bad data key", backup: nil) }
            return (SymmetricKey(data: keyBytes), keyEncryptionKey)
        } catch {
            throw VaultError.wrongPassphrase(path: path)
        }
    }
}

extension VaultFile.ParseFailure {
    /// The error a user sees for this failure of the file at `path`.
    func error(path: String) -> VaultError {
        switch self {
        case .notAVault, .sectioned:
            return .notAVault(path: path)
        case .corrupted(let reason):
            return .corrupted(path: path, reason: reason, backup: POSIX.exists(path + ".bak") ? path + ".bak" : nil)
        case .newerVersion(let version):
            return .unsupportedVersion(path: path, found: version, supported: VaultFile.newestVersion)
        }
    }
}
