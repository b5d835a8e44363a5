import Foundation

/// What can be learned about a vault file without its passphrase, for `doctor`.
public struct VaultInspection: Sendable, Equatable {
    /// The format version.
    public var version: Int
    /// The KDF parameters in the header.
    public var parameters: KDFParameters
    /// Whether it is an export rather than a vault.
    public var isExport: Bool
    /// The file size in bytes.
    public var size: Int
    /// The vault identity as 32 hex digits (format 2; nil for format 1 files and exports).
    public var identity: String?

    /// Reads and checks the file's structure and digest (no key is derived).
    public static func inspect(at path: String) throws -> VaultInspection {
        try inspect(bytes: try POSIX.readFile(path), path: path)
    }

    /// Checks a file's bytes as ``inspect(at:)`` does; `path` names it in errors.
    public static func inspect(bytes: [UInt8], path: String) throws -> VaultInspection {
        // Every byte is checked here: the trailing digest over the whole file first (as format 1
        // does), then a format 2 file's header and index.
        switch VaultFile.parse(bytes) {
        case .success(let file):
            return VaultInspection(version: VaultFile.currentVersion, parameters: file.parameters, isExport: file.kind == .export,
                size: bytes.count)
        case .failure(.sectioned):
            switch SectionedFile.parse(file: bytes) {
            case .success(let parsed):
                return VaultInspection(version: SectionedFile.version, parameters: parsed.file.parameters, isExport: false,
                    size: bytes.count, identity: Hex.string(parsed.file.identity))
            case .failure(let failure):
                throw failure.error(path: path)
            }
        case .failure(let failure):
            throw failure.error(path: path)
        }
    }

    /// The permission bits of a path as octal (`0600`), or nil when it does not exist.
    public static func mode(of path: String) -> String? {
        POSIX.mode(path).map(POSIX.octal)
    }

    /// Stale temporary files a crashed save left beside the vault.
    public static func staleTemporaries(besides path: String) -> [String] {
        let folder = POSIX.directory(of: path)
        let name = String(path[path.index(after: path.lastIndex(of: "/") ?? path.startIndex)...])
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return entries.filter { $0.hasPrefix(".\(name).tmp.") || $0.hasPrefix(".\(name).bak.tmp.") }.map { folder + "/" + $0 }
    }
}

