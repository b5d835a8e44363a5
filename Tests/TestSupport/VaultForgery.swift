import Foundation

/// Rewrites bytes of a vault file and recomputes its digests (with the system's `sha256sum`, so
/// tests do not lean on the code they test), as a crafted file would: the trailing SHA-256 of a
/// format 1 file; the index digest and the trailing digest of a format 2 one, whose header is
/// what `change` sees (the sections and the index follow unchanged).
public enum VaultForgery {
    /// A format 2 file's parts: the header's length and where the index starts.
    public static func layout(_ bytes: [UInt8]) -> (sectionsStart: Int, indexStart: Int) {
        func int(_ at: Int, _ count: Int) -> Int { bytes[at..<(at + count)].reduce(0) { $0 << 8 | Int($1) } }
        let stated = int(bytes.count - 68, 4)
        return (15 + Int(bytes[14]) + 2 + 16, bytes.count - 64 - stated)
    }

    public static func rewrite(_ path: String, _ change: (inout [UInt8]) -> Void) throws {
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        guard bytes[9] == 2 else {
            bytes.removeLast(32)
            change(&bytes)
            try appendDigest(&bytes, path: path)
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            return
        }
        let (sectionsStart, indexStart) = layout(bytes)
        var header = Array(bytes[..<sectionsStart])
        change(&header)
        try rebuild(header: header, sections: Array(bytes[sectionsStart..<indexStart]),
            index: Array(bytes[indexStart..<(bytes.count - 64)]), at: path)
    }

    /// Writes a format 2 file from its header, sections and index (without the index digest),
    /// with both digests computed afresh.
    public static func rebuild(header: [UInt8], sections: [UInt8], index: [UInt8], at path: String) throws {
        var indexed = header + index
        try appendDigest(&indexed, path: path)
        var bytes = header + sections + index + indexed.suffix(32)
        try appendDigest(&bytes, path: path)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    private static func appendDigest(_ bytes: inout [UInt8], path: String) throws {
        let body = path + ".forge"
        try Data(bytes).write(to: URL(fileURLWithPath: body))
        defer { try? FileManager.default.removeItem(atPath: body) }
        let hex = try SpawnSync.run("sha256sum", [body]).output.prefix(64)
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            bytes.append(UInt8(hex[index..<next], radix: 16) ?? 0)
            index = next
        }
    }
}
