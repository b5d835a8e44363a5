import Foundation

/// Runs `body` on a thread of its own and waits for it without holding a thread of Swift
/// concurrency's pool.
///
/// On Linux that pool is as wide as the machine has cores (two in CI) and is shared with
/// `DispatchQueue.global()`. Anything that blocks for long on it (a UI loop waiting for keys,
/// a poll for a file descriptor) holds back every other test's async work, and tests with real
/// deadlines (a connect timeout, a TLS handshake) then fail for reasons of their own.
public func onItsOwnThread<T>(_ body: @escaping () -> T) async -> T {
    let work = UncheckedBox(body)
    let result: UncheckedBox<T> = await withCheckedContinuation { continuation in
        Thread.detachNewThread {
            continuation.resume(returning: UncheckedBox(work.value()))
        }
    }
    return result.value
}

/// ``onItsOwnThread(_:)`` for work that throws.
public func onItsOwnThread<T>(_ body: @escaping () throws -> T) async throws -> T {
    try await onItsOwnThread { Result { try body() } }.get()
}

/// Carries a value that is not `Sendable` across to one other thread, which alone uses it
/// until it hands it back.
private struct UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
