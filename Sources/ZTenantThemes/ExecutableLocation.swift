import Foundation

/// Where the running binary really is, so bundled files beside it are found however it was
/// started: from `PATH` (where `argv[0]` is a bare name), through a symlink, or by full path.
public enum ExecutableLocation {
    /// The running binary's real path: `/proc/self/exe` on Linux, `_NSGetExecutablePath` on
    /// macOS; `argv[0]` made absolute only when neither answers.
    public static func current() -> String {
        #if os(Linux)
        if let real = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"), real.hasPrefix("/") {
            return real
        }
        #elseif os(macOS)
        var size: UInt32 = 0
        _ = _NSGetExecutablePath(nil, &size)
        var buffer = [CChar](repeating: 0, count: Int(size) + 1)
        if _NSGetExecutablePath(&buffer, &size) == 0 {
            return URL(fileURLWithPath: String(cString: buffer)).resolvingSymlinksInPath().path
        }
        #endif
        let first = CommandLine.arguments.first ?? "ztenant"
        return first.hasPrefix("/") ? first : FileManager.default.currentDirectoryPath + "/" + first
    }
}
