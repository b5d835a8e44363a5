import Foundation

/// Rewrites bytes of a vault file and recomputes its digest (with the system's `sha256sum`, so
/// tests do not lean on the code they test), as a crafted file would: the trailing SHA-256 of a
/// format 1 file, the front digest of a format 2 one (`change` then sees the front without its
/// digest, and the sections follow unchanged).
public enum VaultForgery {
    /// The length of a format 2 file's front, digest included, read from its fields.
    public static func frontLength(_ bytes: [UInt8]) -> Int {
        func int(_ at: Int, _ count: Int) -> Int { bytes[at..<(at + count)].reduce(0) { $0 << 8 | Int($1) } }
        var offset = 15 + Int(bytes[14]) + 2 + 16
        offset += 2 + int(offset, 2)
        offset += 4 + int(offset, 4)
        return offset + 8 + 32
    }

    public static func rewrite(_ path: String, _ change: (inout [UInt8]) -> Void) throws {
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        var sections: [UInt8]?
        if bytes[9] == 2 {
            let front = frontLength(bytes)
            sections = Array(bytes[front..<(bytes.count - 32)])
            bytes = Array(bytes[..<front])
        }
        bytes.removeLast(32)
        change(&bytes)
        try appendDigest(&bytes, path: path)
        if let sections {
            bytes += sections
            try appendDigest(&bytes, path: path)
        }
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
