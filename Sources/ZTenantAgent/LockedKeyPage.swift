import CProcessControl
import CredentialVault

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One 32-byte key in a page of its own, locked in memory (`mlock`: never written to swap)
/// and left out of core dumps, wiped and unmapped when dropped.
///
/// When `mlock` is refused (`RLIMIT_MEMLOCK` too low, or no permission) the key still lives
/// here, unlocked: the agent says so in `ztenant agent status` (``problem``) rather than refuse
/// to work, as gpg-agent does.
final class LockedKeyPage {
    static let keyLength = 32
    private let page: UnsafeMutableRawPointer
    private let size: Int
    /// Why the page is not locked, or nil when it is.
    let problem: String?

    /// Copies `key` (32 bytes) into a fresh page.
    init?(copying key: UnsafeRawBufferPointer) {
        guard key.count == Self.keyLength else { return nil }
        size = Int(sysconf(Int32(_SC_PAGESIZE)))
        guard let mapped = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
              mapped != MAP_FAILED else { return nil }
        page = mapped
        _ = ztenant_exclude_from_core(page, size)
        if mlock(page, size) == 0 {
            problem = nil
        } else {
            let reason = AgentError.systemMessage()
            let limit = ztenant_memlock_limit()
            let limitText = limit == -2 ? "unlimited" : limit < 0 ? "unknown" : "\(limit) bytes"
            problem = "mlock refused (\(reason); RLIMIT_MEMLOCK is \(limitText)): keys may be swapped to disk. Raise the limit (ulimit -l) or use encrypted swap"
        }
        page.copyMemory(from: key.baseAddress!, byteCount: Self.keyLength)
    }

    deinit {
        SecureWipe.zero(page, size)
        if problem == nil { munlock(page, size) }
        munmap(page, size)
    }

    /// Lends the key to `body`.
    func withKey<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: page, count: Self.keyLength))
    }
}
