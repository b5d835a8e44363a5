import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Events from effects and signals, handed to the UI loop; posting wakes the loop through a pipe.
public final class EventQueue: Sendable {
    private let pending = Mutex<[Event]>([])
    /// Read end: the loop polls it.
    public let wakeDescriptor: Int32
    private let writeDescriptor: Int32

    public init() {
        var descriptors: [Int32] = [0, 0]
        _ = pipe(&descriptors)
        _ = fcntl(descriptors[0], F_SETFL, O_NONBLOCK)
        _ = fcntl(descriptors[1], F_SETFL, O_NONBLOCK)
        _ = fcntl(descriptors[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(descriptors[1], F_SETFD, FD_CLOEXEC)
        wakeDescriptor = descriptors[0]
        writeDescriptor = descriptors[1]
    }

    /// Queues an event and wakes the loop.
    public func post(_ event: Event) {
        pending.withLock { $0.append(event) }
        var byte: UInt8 = 1
        _ = write(writeDescriptor, &byte, 1)
    }

    /// Whether an event waiting to be drained matches (for test screens that wait for one).
    public func hasPending(where predicate: (Event) -> Bool) -> Bool {
        pending.withLock { $0.contains(where: predicate) }
    }

    /// Everything queued so far, oldest first.
    public func drain() -> [Event] {
        pending.withLock { events in
            defer { events.removeAll() }
            return events
        }
    }

    deinit {
        close(wakeDescriptor)
        close(writeDescriptor)
    }
}
