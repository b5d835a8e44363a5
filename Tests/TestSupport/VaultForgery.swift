import Foundation

/// Rewrites bytes of a vault file's body and recomputes its trailing SHA-256 (with the
/// system's `sha256sum`, so tests do not lean on the code they test), as a crafted file would.
public enum VaultForgery {
    public static func rewrite(_ path: String, _ change: (inout [UInt8]) -> Void) throws {
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        bytes.removeLast(32)
        change(&bytes)
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
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }
}
