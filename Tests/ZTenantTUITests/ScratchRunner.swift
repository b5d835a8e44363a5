import CredentialVault
import Foundation
import TestSupport
import ZTenantCore
import ZTenantTUI
import ZuoraAPI

#if canImport(Glibc)
import Glibc
#endif

/// A real vault of fixture profiles in a throwaway folder, opened by an effect runner with
/// its queue: what the runtime and key-handover tests drive.
final class ScratchRunner {
    let folder: String
    let vault: Vault<VaultPayload>
    let queue = EventQueue()
    let client: ConnectionClient
    let runner: EffectRunner
    /// Where the runner keeps a theme change.
    let configFile: ConfigFile

    init(passphrase: String) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("ztenant-tui-\(UUID())").path
        vault = try Vault<VaultPayload>.create(at: folder + "/vault.ztv", passphrase: Passphrase(passphrase),
            parameters: KDFParameters(logN: 10), payload: TUIFixtures.payload())
        client = try ConnectionClient()
        configFile = ConfigFile(path: folder + "/config/config.toml")
        runner = EffectRunner(queue: queue, vaultPath: vault.path, client: client, configFile: configFile)
        runner.adopt(vault)
    }

    /// Waits for an event: poll(2) on the queue's wake descriptor, no sleeping. The wait runs
    /// on a thread of its own, never on the cooperative pool the runner's effects need (on
    /// Linux `DispatchQueue.global()` is that pool).
    func next(matching predicate: @escaping @Sendable (Event) -> Bool) async throws -> Event {
        let queue = queue
        return try await onItsOwnThread {
            let end = ContinuousClock.now + .seconds(20)
            while ContinuousClock.now < end {
                if let event = queue.drain().first(where: predicate) { return event }
                var descriptor = pollfd(fd: queue.wakeDescriptor, events: Int16(POLLIN), revents: 0)
                _ = poll(&descriptor, 1, 200)
                var byte: UInt8 = 0
                while read(queue.wakeDescriptor, &byte, 1) == 1 {}
            }
            throw CancellationError()
        }
    }

    deinit {
        let client = client
        Task { try? await client.shutdown() }
        try? FileManager.default.removeItem(atPath: folder)
    }
}
