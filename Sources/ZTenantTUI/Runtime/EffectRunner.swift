import CredentialVault
import Foundation
import Synchronization
import ZTenantCore
import ZuoraAPI

/// Runs effects off the UI loop and posts what happened back as events. Holds the open
/// vault (and so the key) until ``Effect/lock``.
public final class EffectRunner: Sendable {
    private let queue: EventQueue
    private let vaultPath: String
    private let client: ConnectionClient
    private let kdfParameters: KDFParameters
    private let configFile: ConfigFile?
    private let settings: ConfigSettings
    private let vault = Mutex<Vault<VaultPayload>?>(nil)
    private let fleet = Mutex<Task<Void, Never>?>(nil)
    private let settingsWriter = DispatchQueue(label: "ztenant.settings-writer")
    /// The vault's conversion notice, shown after the write that converted it (so the write's
    /// own message does not hide it).
    private let conversionNotice = Mutex<String?>(nil)
    private let keepInAgent: (@Sendable (Vault<VaultPayload>) throws -> String)?
    /// The vault file as last looked at (device, inode, size, modification time), and the
    /// generation this process had then: a different file with a newer generation is another
    /// process's write.
    private let watched = Mutex<(stamp: [Int], generation: UInt64)?>(nil)
    private let watcher = DispatchQueue(label: "ztenant.vault-watcher")

    /// Creates a runner for a vault path.
    /// - Parameters:
    ///   - configFile: where a theme change is kept (nil: not kept).
    ///   - settings: the fleet check's rate and longest 429 wait.
    ///   - keepInAgent: hands an open vault's key to the agent and says so in a sentence (nil:
    ///     no agent).
    public init(queue: EventQueue, vaultPath: String, client: ConnectionClient, kdfParameters: KDFParameters = .default,
        configFile: ConfigFile? = nil, settings: ConfigSettings = ConfigSettings(),
        keepInAgent: (@Sendable (Vault<VaultPayload>) throws -> String)? = nil)
    {
        self.keepInAgent = keepInAgent
        self.queue = queue
        self.vaultPath = vaultPath
        self.client = client
        self.kdfParameters = kdfParameters
        self.configFile = configFile
        self.settings = settings
    }

    /// Whether the vault is open (its key in memory).
    public var isUnlocked: Bool { vault.withLock { $0 != nil } }

    /// Adopts an already open vault (for `ztenant demo`).
    public func adopt(_ open: Vault<VaultPayload>) {
        vault.withLock { $0 = open }
        startWatching(open)
    }

    /// Records the vault file as it is now, before anything is shown from it: a later change
    /// of the file is then someone's write.
    private func startWatching(_ open: Vault<VaultPayload>) {
        watched.withLock { $0 = (Self.stamp(of: vaultPath), open.generation) }
    }

    private func postConversionNotice() {
        if let notice = conversionNotice.withLock({ $0.take() }) { queue.post(.notice(notice)) }
    }

    /// Starts an effect. Returns at once.
    public func run(_ effect: Effect) {
        switch effect {
        case .unlock(let passphrase):
            Task.detached { [self] in
                do {
                    let stamp = Self.stamp(of: vaultPath)
                    let (opened, payload) = try Vault<VaultPayload>.open(at: vaultPath, passphrase: passphrase)
                    opened.whenConverted { [self] notice in conversionNotice.withLock { $0 = notice } }
                    vault.withLock { $0 = opened }
                    // The stamp from before the read: a write in between shows as a change.
                    watched.withLock { $0 = (stamp, opened.generation) }
                    queue.post(.unlocked(payload))
                } catch let error as VaultError {
                    var corrupted = false
                    if case .corrupted = error { corrupted = true }
                    queue.post(.unlockFailed(message: error.description, corrupted: corrupted))
                } catch {
                    queue.post(.unlockFailed(message: "\(error)", corrupted: false))
                }
            }
        case .create(let passphrase):
            Task.detached { [self] in
                do {
                    let created = try Vault<VaultPayload>.create(at: vaultPath, passphrase: passphrase,
                        parameters: kdfParameters, payload: VaultPayload())
                    vault.withLock { $0 = created }
                    startWatching(created)
                    queue.post(.unlocked(VaultPayload()))
                } catch {
                    queue.post(.unlockFailed(message: "\(error)", corrupted: false))
                }
            }
        case .check(let names):
            guard let open = vault.withLock({ $0 }) else { return }
            let task = Task.detached { [self] in
                var results: [FleetCheckResult] = []
                var cancelled = false
                do {
                    let payload = try open.reload()
                    let profiles = names.compactMap { payload.profile(named: $0) }
                    var check = FleetCheck(client: client, rate: settings.rate)
                    check.maxWait = .seconds(settings.maxWait)
                    for await result in check.run(profiles) {
                        results.append(result)
                        queue.post(.checkResult(result))
                        if Task.isCancelled { break }
                    }
                    cancelled = Task.isCancelled || results.count < profiles.count
                    try FleetRecorder.record(results, in: open)
                    queue.post(.payloadChanged(try open.reload(), message: nil))
                    postConversionNotice()
                } catch {
                    post(error, prefix: "Check results not saved: ")
                }
                queue.post(.checksFinished(cancelled: cancelled))
            }
            fleet.withLock { $0 = task }
        case .cancelChecks:
            fleet.withLock { $0?.cancel() }
        case .use(let name):
            guard let open = vault.withLock({ $0 }) else { return }
            Task.detached { [self] in
                do {
                    try open.update { try $0.setActive(name) }
                    let provided = try await SessionProvider(vault: open, client: client).session(for: name)
                    queue.post(.used(name: name, outcome: provided.outcome, reused: provided.reused))
                } catch let error as SessionError {
                    queue.post(.used(name: name, outcome: error.outcome, reused: false))
                } catch {
                    post(error, prefix: "")
                }
                if let payload = try? open.reload() { queue.post(.payloadChanged(payload, message: nil)) }
                postConversionNotice()
            }
        case .handOver(let name, let kind):
            guard let open = vault.withLock({ $0 }) else { return }
            Task.detached { [self] in
                do {
                    let provided = try await SessionProvider(vault: open, client: client).session(for: name)
                    queue.post(.sessionReady(provided, kind))
                } catch let error as SessionError {
                    let outcome = error.outcome
                    queue.post(.handOverFailed(name: name, outcome: outcome, reason: "\(outcome.status.rawValue) — \(outcome.detail)"))
                } catch {
                    queue.post(.handOverFailed(name: name, outcome: nil, reason: Self.describe(error)))
                    // A key that no longer fits locks the TUI, as for ⏎.
                    if Self.keyNoLongerFits(error) { post(error, prefix: "") }
                }
                if let payload = try? open.reload() { queue.post(.payloadChanged(payload, message: nil)) }
            }
        case .terminal:
            // Done by the loop that owns the terminal (TUIApplication), never here.
            break
        case .reload:
            guard let open = vault.withLock({ $0 }) else { return }
            watcher.async { [self] in
                do {
                    // The stamp from before the read: a write in between shows as a change.
                    let stamp = Self.stamp(of: vaultPath)
                    let payload = try open.reload()
                    watched.withLock { $0 = (stamp, open.generation) }
                    queue.post(.payloadChanged(payload, message: "Reloaded \(payload.profiles.count) profile(s) from disk."))
                } catch {
                    post(error, prefix: "Not reloaded: ")
                }
            }
        case .watchVault:
            guard let open = vault.withLock({ $0 }) else { return }
            watcher.async { [self] in watch(open) }
        case .test(let profile):
            Task.detached { [self] in
                queue.post(.tested(await client.login(profile)))
            }
        case .save(let change):
            guard let open = vault.withLock({ $0 }) else { return }
            Task.detached { [self] in
                do {
                    let (_, payload) = try open.update { try change.apply(to: &$0) }
                    queue.post(.payloadChanged(payload, message: change.doneMessage))
                    postConversionNotice()
                } catch {
                    post(error, prefix: "Not saved: ")
                }
            }
        case .setTheme(let name):
            guard let configFile else { return }
            // One at a time, in the order pressed: the last theme chosen is the one kept.
            settingsWriter.async { [queue] in
                do {
                    try configFile.set(.theme, to: name)
                    queue.post(.settingSaved("Theme: \(name) (kept in \(configFile.path))."))
                } catch {
                    queue.post(.saveFailed("Theme not kept: \(error)"))
                }
            }
        case .setSetting(let setting, let value):
            guard let configFile else { return }
            settingsWriter.async { [queue] in
                do {
                    try configFile.set(setting, to: value)
                } catch {
                    queue.post(.saveFailed("\(setting.key) not kept: \(error)"))
                }
            }
        case .lock:
            fleet.withLock { $0?.cancel() }
            // Releasing the vault releases the data key, whose bytes swift-crypto zeroes.
            vault.withLock { $0 = nil }
        case .keepInAgent:
            guard let keepInAgent, let open = vault.withLock({ $0 }) else { return }
            Task.detached { [self] in
                do {
                    queue.post(.notice(try keepInAgent(open)))
                } catch {
                    queue.post(.saveFailed("Not kept in the agent: \(error)"))
                }
            }
        case .quit:
            fleet.withLock { $0?.cancel() }
        }
    }

    /// Reports a failed write; a key that no longer fits the vault locks the TUI instead.
    /// Reads the vault again when its file changed since last looked at and another process
    /// wrote it (its generation moved past this process's). One stat(2) when nothing changed.
    private func watch(_ open: Vault<VaultPayload>) {
        let stamp = Self.stamp(of: vaultPath)
        let known = watched.withLock { $0 }
        guard let known else {
            watched.withLock { $0 = (stamp, open.generation) }
            return
        }
        guard stamp != known.stamp else { return }
        do {
            let before = max(known.generation, open.generation)
            let payload = try open.reload()
            watched.withLock { $0 = (stamp, open.generation) }
            // Our own writes move the file too; only a newer generation is someone else's.
            if open.generation > before {
                queue.post(.payloadChanged(payload, message: "The vault changed in another process: reloaded (\(payload.profiles.count) profile(s))."))
            }
        } catch {
            watched.withLock { $0 = (stamp, open.generation) }
            post(error, prefix: "The vault changed in another process but could not be read: ")
        }
    }

    /// Device, inode, size and modification time of a file; empty when it cannot be read.
    static func stamp(of path: String) -> [Int] {
        var info = stat()
        guard stat(path, &info) == 0 else { return [] }
        return [Int(info.st_dev), Int(info.st_ino), Int(info.st_size), info.st_mtim.tv_sec, info.st_mtim.tv_nsec]
    }

    private func post(_ error: any Error, prefix: String) {
        if Self.keyNoLongerFits(error) {
            vault.withLock { $0 = nil }
            queue.post(.keyNoLongerFits(Self.describe(error)))
        } else {
            queue.post(.saveFailed(prefix + Self.describe(error)))
        }
    }

    /// Whether the vault was rekeyed or rolled back by someone else: the key held here must not
    /// write again, so the TUI locks.
    private static func keyNoLongerFits(_ error: any Error) -> Bool {
        switch error as? VaultError {
        case .rekeyedElsewhere?, .rolledBack?: true
        default: false
        }
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case let error as VaultError: error.description
        case let error as ProfileError: error.description
        default: TextSanitizer.sanitize(String(describing: error))
        }
    }
}
