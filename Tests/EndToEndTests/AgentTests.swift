import CredentialVault
import Foundation
import Synchronization
import Testing
import TestSupport
import ZTenantAgent
import ZTenantCore
import ZuoraMock

#if canImport(Glibc)
import Glibc
#endif

/// The agent (issue #10, docs/agent.md) through the real binary: a real agent process, a real
/// socket, commands run in new sessions with no terminal and no passphrase source.
@Suite("The agent: unlock once per login", .serialized)
struct AgentTests {
    /// No passphrase source and, with `newSession`, no terminal: only the agent can open the vault.
    static let noSource = ["ZTENANT_PASSPHRASE_FILE": ""]

    static func location(_ home: ScratchHome) -> AgentLocation {
        AgentLocation(folder: home.runtimeFolder + "/ztenant")
    }

    static func agentPID(_ home: ScratchHome) throws -> Int32 {
        try AgentClient(location: location(home)).status().pid
    }

    /// Whether the agent process is gone within `deadline`: it holds `agent.lock` for its
    /// whole life, so a thread that takes the lock returns when it exits. The answer comes from
    /// whichever is first, that thread or the deadline; the thread is never waited for.
    static func agentExits(_ home: ScratchHome, within deadline: Duration) async -> Bool {
        let fd = open(location(home).folder + "/agent.lock", O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { return true }
        let answered = Mutex(false)
        return await withCheckedContinuation { continuation in
            let answer: @Sendable (Bool) -> Void = { exited in
                if answered.withLock({ done in defer { done = true }; return !done }) { continuation.resume(returning: exited) }
            }
            Thread.detachNewThread {
                _ = flock(fd, LOCK_EX)
                close(fd)
                answer(true)
            }
            let seconds = Double(deadline.components.seconds) + Double(deadline.components.attoseconds) / 1e18
            DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { answer(false) }
        }
    }

    /// A vault with one profile whose password the mock accepts.
    static func homeWithProfile(_ server: MockZuoraServer) async throws -> ScratchHome {
        let home = try ScratchHome()
        #expect(try await home.run(["init"]).status == 0)
        let add = try await home.run(["add", "sbx", "--url", server.baseURL, "--user", "demo@example.com", "--password-stdin"],
            stdin: "demo-password\n")
        #expect(add.status == 0, "\(add.allOutput)")
        return home
    }

    @Test func unlockOnceThenCommandsNeedNoPassphraseUntilLock() async throws {
        try await withMockServer { server in
            let home = try await Self.homeWithProfile(server)
            // Run as if inside a `ztenant shell`: its session must not reach the long-lived agent.
            let unlock = try await home.run(["unlock"], environment: ["ZUORA_SESSION": "session-of-a-shell"])
            #expect(unlock.status == 0 && unlock.stdout.contains("(started it)"), "\(unlock.allOutput)")

            for command in [["list"], ["env", "sbx"], ["exec", "sbx", "--", "sh", "-c", "test -n \"$ZUORA_SESSION\""], ["check", "sbx"]] {
                let result = try await home.run(command, environment: Self.noSource, newSession: true)
                #expect(result.status == 0, "\(command): \(result.allOutput)")
            }
            let skipped = try await home.run(["list", "--no-agent"], environment: Self.noSource, newSession: true)
            #expect(skipped.status == 3, "--no-agent skips it: \(skipped.allOutput)")
            let skippedByEnvironment = try await home.run(["list"], environment: Self.noSource.merging(["ZTENANT_NO_AGENT": "1"]) { $1 },
                newSession: true)
            #expect(skippedByEnvironment.status == 3, "\(skippedByEnvironment.allOutput)")

            // Folder 0700, socket 0600, and the agent kept none of the caller's descriptors.
            let location = Self.location(home)
            var folder = stat(), socket = stat()
            #expect(lstat(location.folder, &folder) == 0 && folder.st_mode & 0o777 == 0o700 && folder.st_mode & S_IFMT == S_IFDIR)
            #expect(lstat(location.socket, &socket) == 0 && socket.st_mode & 0o777 == 0o600 && socket.st_mode & S_IFMT == S_IFSOCK)
            let pid = try Self.agentPID(home)
            let descriptors = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd").compactMap {
                try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\($0)")
            }
            let foreign = descriptors.filter {
                $0 != "/dev/null" && !$0.hasPrefix(location.folder) && !$0.hasPrefix("socket:") && !$0.hasPrefix("pipe:") && $0 != "anon_inode:inotify"
            }
            // The watch is missing only where no inotify instance is left (it then looks every 30 s).
            #expect(foreign.isEmpty && descriptors.filter { $0 == "anon_inode:inotify" }.count <= 1,
                "the agent holds only /dev/null, its lock, its socket, its signal pipe and its watch on the folder: \(descriptors)")
            // The listener, and perhaps the connection of the status request above while the
            // agent closes it.
            let sockets = descriptors.filter { $0.hasPrefix("socket:") }.count
            #expect(descriptors.filter { $0 == "/dev/null" }.count == 3 && (1...2).contains(sockets)
                && descriptors.filter { $0.hasPrefix("pipe:") }.count == 2, "stdio on /dev/null, its socket, the signal pipe's two ends: \(descriptors)")
            // A non-dumpable process's environ is readable by root only.
            if geteuid() == 0 {
                let environ = try Self.readProcFile("/proc/\(pid)/environ")
                #expect(!environ.contains("ZTENANT_PASSPHRASE") && !environ.contains("ZUORA_SESSION") && environ.contains("XDG_RUNTIME_DIR="),
                    "the agent gets only the variables it needs: \(environ.split(separator: "\0").map { $0.prefix(while: { $0 != "=" }) })")
            }
            let status = try Self.readProcFile("/proc/\(pid)/status")
            #expect(status.contains("VmLck:") && !status.contains("VmLck:\t       0 kB"), "the key page is locked: \(status)")

            // The data key is in the agent's memory and nowhere on disk; `lock` wipes it.
            let (vault, _) = try Vault<VaultPayload>.open(at: home.vault, passphrase: Passphrase("correct horse battery staple"))
            let key = vault.withDataKeyBytes { Array($0) }
            #expect(try Self.filesHolding(key, under: home.root).isEmpty, "no key on disk")
            if geteuid() == 0 {
                #expect(try Self.memoryHolds(pid: pid, key), "the test can find the key while it is held")
            }
            let lock = try await home.run(["lock"])
            #expect(lock.status == 0 && lock.stdout.contains("forgot the key of"), "\(lock.allOutput)")
            if geteuid() == 0 {
                #expect(try !Self.memoryHolds(pid: pid, key), "lock wiped the key from the agent's memory")
            }
            let locked = try await home.run(["list"], environment: Self.noSource, newSession: true)
            #expect(locked.status == 3, "\(locked.allOutput)")
            #expect(locked.stderr.contains("the agent locked") && locked.stderr.contains("`ztenant lock` locked it"), "\(locked.stderr)")
            let report = try await home.run(["agent", "status"])
            #expect(report.stdout.contains("locked") && report.stdout.contains("explicit"), "\(report.allOutput)")
        }
    }

    @Test func idleAndMaximumTimesLockTheVault() async throws {
        let home = try ScratchHome()
        #expect(try await home.run(["init"]).status == 0)
        let clock = ["ZTENANT_AGENT_TEST_CLOCK": "1"]
        let client = AgentClient(location: Self.location(home))
        #expect(try await home.run(["unlock", "--idle", "1m", "--max", "1h"], environment: clock).status == 0)
        // Each command slides the idle deadline: 90 s pass in all, 30 at a time (the agent's
        // clock also moves with real time, so each step leaves half the window for the command).
        for _ in 0..<3 {
            try client.advanceClock(seconds: 30)
            let used = try await home.run(["list"], environment: Self.noSource, newSession: true)
            #expect(used.status == 0, "\(used.allOutput)")
        }
        try client.advanceClock(seconds: 61)
        let idle = try await home.run(["list"], environment: Self.noSource, newSession: true)
        #expect(idle.status == 3 && idle.stderr.contains("it was idle too long"), "\(idle.allOutput)")

        // The maximum never moves, however often the vault is used.
        #expect(try await home.run(["unlock", "--idle", "50m", "--max", "1h"], environment: clock).status == 0)
        try client.advanceClock(seconds: 45 * 60)
        #expect(try await home.run(["list"], environment: Self.noSource, newSession: true).status == 0)
        try client.advanceClock(seconds: 16 * 60)
        let maximum = try await home.run(["list"], environment: Self.noSource, newSession: true)
        #expect(maximum.status == 3 && maximum.stderr.contains("maximum unlocked time passed"), "\(maximum.allOutput)")
        let status = try client.status()
        #expect(status.vaults.isEmpty && status.locked.first?.reason == .maximum, "\(status)")

        // Only a test agent's clock moves.
        let settings = try await home.run(["config", "set", "agent.idle", "30m"])
        #expect(settings.status == 0, "\(settings.allOutput)")
        #expect(try await home.run(["agent", "stop"]).status == 0)
        #expect(await Self.agentExits(home, within: .seconds(20)), "the agent is still running")
        #expect(try await home.run(["unlock"]).status == 0)
        #expect(throws: AgentError.self) { try client.advanceClock(seconds: 1) }
        let configured = try client.status().vaults.first
        #expect(configured?.idleSeconds == 1800 && configured?.maximumSeconds == 8 * 3600, "config.toml's agent.idle: \(String(describing: configured))")
    }

    @Test func aRekeyOrAnotherVaultDropsTheKey() async throws {
        let home = try ScratchHome()
        #expect(try await home.run(["init"]).status == 0)
        #expect(try await home.run(["unlock"]).status == 0)
        let rekey = try await home.run(["rekey", "--kdf-log-n", "10", "--no-agent"], environment: ["ZTENANT_NEW_PASSPHRASE": "another passphrase"])
        #expect(rekey.status == 0, "\(rekey.allOutput)")
        let after = try await home.run(["list"], environment: Self.noSource, newSession: true)
        #expect(after.status == 3 && after.stderr.contains("rekeyed since it was unlocked"), "\(after.allOutput)")
        #expect(try AgentClient(location: Self.location(home)).status().locked.first?.reason == .rekeyed)

        try home.setPassphrase("another passphrase")
        // A rekey through ztenant tells the agent at once.
        #expect(try await home.run(["unlock"]).status == 0)
        let told = try await home.run(["rekey", "--kdf-log-n", "10"], environment: ["ZTENANT_NEW_PASSPHRASE": "yet another one"])
        #expect(told.status == 0, "\(told.allOutput)")
        let status = try AgentClient(location: Self.location(home)).status()
        #expect(status.vaults.isEmpty && status.locked.first?.reason == .rekeyed, "\(status)")
        try home.setPassphrase("yet another one")
        #expect(try await home.run(["unlock"]).status == 0)
        let other = try ScratchHome(passphrase: "yet another one")
        #expect(try await other.run(["init"]).status == 0)
        #expect(rename(other.vault, home.vault) == 0)
        let replaced = try await home.run(["list"], environment: Self.noSource, newSession: true)
        #expect(replaced.status == 3 && replaced.stderr.contains("another vault than the one unlocked"), "\(replaced.allOutput)")
    }

    @Test func aKilledAgentLeavesNothingAndTwoUnlocksMakeOneAgent() async throws {
        let home = try ScratchHome()
        #expect(try await home.run(["init"]).status == 0)
        async let first = home.run(["unlock"])
        async let second = home.run(["unlock"])
        let both = try await [first, second]
        #expect(both.allSatisfy { $0.status == 0 }, "\(both.map(\.allOutput))")
        #expect(both.filter { $0.stdout.contains("(started it)") }.count == 1, "one agent: \(both.map(\.stdout))")

        let pid = try Self.agentPID(home)
        #expect(kill(pid, SIGKILL) == 0)
        #expect(await Self.agentExits(home, within: .seconds(20)), "the agent is still running")
        #expect(FileManager.default.fileExists(atPath: Self.location(home).socket), "SIGKILL leaves the socket behind")
        let stale = try await home.run(["agent", "status"])
        #expect(stale.status == 0 && stale.stdout.contains("not running"), "\(stale.allOutput)")
        let locked = try await home.run(["list"], environment: Self.noSource, newSession: true)
        #expect(locked.status == 3, "\(locked.allOutput)")
        let again = try await home.run(["unlock"])
        #expect(again.status == 0 && again.stdout.contains("(started it)"), "a new agent replaces the stale socket: \(again.allOutput)")

        let terminated = try Self.agentPID(home)
        #expect(kill(terminated, SIGTERM) == 0)
        #expect(await Self.agentExits(home, within: .seconds(20)), "the agent is still running")
        let stopped = try await home.run(["list"], environment: Self.noSource, newSession: true)
        #expect(stopped.status == 3 && stopped.stderr.contains("the agent stopped") && stopped.stderr.contains("SIGTERM"), "\(stopped.allOutput)")
        #expect(!FileManager.default.fileExists(atPath: Self.location(home).socket), "SIGTERM removes the socket")
    }

    /// An agent nobody can reach (its socket removed, as a logout's clean-up of the runtime
    /// folder does) could never be told to lock or stop: it forgets its keys and exits.
    @Test func anAgentWhoseSocketIsRemovedForgetsItsKeysAndExits() async throws {
        let home = try ScratchHome()
        #expect(try await home.run(["init"]).status == 0)
        #expect(try await home.run(["unlock"]).status == 0)
        let location = Self.location(home)
        let pid = try Self.agentPID(home)
        #expect(unlink(location.socket) == 0)
        let exited = await Self.agentExits(home, within: .seconds(20))
        #expect(exited, "the agent is still running")
        if !exited { kill(pid, SIGKILL) }
        let status = try await home.run(["agent", "status"])
        #expect(status.status == 0 && status.stdout.contains("not running") && status.stdout.contains("agent.sock was removed, so nothing could reach it"),
            "\(status.allOutput)")
        let locked = try await home.run(["list"], environment: Self.noSource, newSession: true)
        #expect(locked.status == 3, "the key went with it: \(locked.allOutput)")
        // The next unlock starts an agent of its own, and it is the only one.
        let again = try await home.run(["unlock"])
        #expect(again.status == 0 && again.stdout.contains("(started it)"), "\(again.allOutput)")
        let listed = try await home.run(["list"], environment: Self.noSource, newSession: true)
        #expect(listed.status == 0, "\(listed.allOutput)")
    }

    /// bash completion of profile names, through the script the binary generates: names while
    /// the agent holds the key, nothing otherwise, and never a prompt.
    @Test func completionOffersProfileNamesOnlyWhileTheAgentHoldsTheKey() async throws {
        let home = try ScratchHome()
        #expect(try await home.run(["init"]).status == 0)
        for name in ["acme-eu", "acme-us", "globex"] {
            let add = try await home.run(["add", name, "--url", "https://rest.eu.zuora.com", "--user", "api@example.com", "--password-stdin"],
                stdin: "pw\n")
            #expect(add.status == 0, "\(add.allOutput)")
        }
        let script = home.root + "/ztenant.bash"
        let generated = try await home.run(["--generate-completion-script", "bash"])
        try generated.stdout.write(toFile: script, atomically: true, encoding: .utf8)
        // The completion runs the binary found on PATH, as an installed one would be.
        let bin = home.root + "/bin"
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: bin + "/ztenant", withDestinationPath: ProcessRunner.ztenantBinary)
        let complete = """
            source '\(script)' || exit 9
            COMP_WORDS=(ztenant show acme); COMP_CWORD=2; COMP_LINE="ztenant show acme"; COMP_POINT=17; COMPREPLY=()
            _ztenant ztenant acme show; echo "words: ${COMPREPLY[*]}"
            """
        let environment = Self.noSource.merging(["PATH": bin + ":/usr/bin:/bin"]) { $1 }
        let locked = try await ProcessRunner.run("/usr/bin/setsid", ["-w", "/bin/bash", "-c", complete],
            environment: home.environment.merging(environment) { $1 })
        #expect(locked.stdout == "words: \n", "nothing without the agent, and no prompt: \(locked.allOutput)")

        #expect(try await home.run(["unlock"]).status == 0)
        let idleBefore = try AgentClient(location: Self.location(home)).status().vaults.first?.lastUsedAt
        let unlocked = try await ProcessRunner.run("/usr/bin/setsid", ["-w", "/bin/bash", "-c", complete],
            environment: home.environment.merging(environment) { $1 })
        #expect(unlocked.stdout == "words: acme-eu acme-us\n", "\(unlocked.allOutput)")
        #expect(try AgentClient(location: Self.location(home)).status().vaults.first?.lastUsedAt == idleBefore,
            "completing is not a command: the idle deadline stays")
    }

    @Test func theTUIOpensWithTheAgentsKeyWithoutAPrompt() async throws {
        let home = try ScratchHome()
        #expect(try await home.run(["init"]).status == 0)
        #expect(try await home.run(["unlock"]).status == 0)
        var environment = home.environment
        environment["ZTENANT_PASSPHRASE_FILE"] = ""
        environment["ZTENANT_THEMES_DIR"] = Fixtures.repositoryRoot.appendingPathComponent("themes").path
        environment["TERM"] = "xterm-256color"
        let tmux = try TmuxSession(ProcessRunner.ztenantBinary, columns: 120, rows: 30, environment: environment)
        let screen = try await tmux.waitFor("Unlocked 0 profile(s)")
        #expect(!screen.contains("Passphrase"), "\(screen)")
        try tmux.send("q")
        #expect(try await tmux.waitFor("EXIT=").contains("EXIT=0"))
        // The TUI's own lock is the TUI's: the agent still holds the key after it quit.
        #expect(try AgentClient(location: Self.location(home)).status().vaults.count == 1)
    }

    @Test func theTUIsUnlockScreenOffersTheAgentAndItsOwnLockIsItsOwn() async throws {
        let home = try ScratchHome()
        #expect(try await home.run(["init"]).status == 0)
        var environment = home.environment
        environment["ZTENANT_PASSPHRASE_FILE"] = ""
        environment["ZTENANT_THEMES_DIR"] = Fixtures.repositoryRoot.appendingPathComponent("themes").path
        environment["TERM"] = "xterm-256color"
        let tmux = try TmuxSession(ProcessRunner.ztenantBinary, columns: 120, rows: 30, environment: environment)
        try await tmux.waitFor("[ ] Keep unlocked in the agent for other commands (idle 15m, max 8h)")
        try tmux.send("Tab")
        try await tmux.waitFor("[x] Keep unlocked in the agent")
        try tmux.type("correct horse battery staple")
        try tmux.send("Enter")
        try await tmux.waitFor("Kept unlocked in the agent: locks at")
        let list = try await home.run(["list"], environment: Self.noSource, newSession: true)
        #expect(list.status == 0, "another command uses the agent's key: \(list.allOutput)")
        // The TUI's own lock locks the TUI only.
        try tmux.send("L")
        try await tmux.waitFor("[ ] Keep unlocked in the agent")
        #expect(try AgentClient(location: Self.location(home)).status().vaults.count == 1)
        try tmux.send("Escape")
    }

    static let canSwitchUser = geteuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")
        && FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")

    /// A client of another user (uid 65534) that reaches the socket because the test opened the
    /// modes: the agent's own SO_PEERCRED check must refuse it.
    @Test(.enabled(if: canSwitchUser)) func theAgentRefusesAnotherUser() async throws {
        let home = try ScratchHome()
        #expect(try await home.run(["init"]).status == 0)
        #expect(try await home.run(["unlock"]).status == 0)
        let location = Self.location(home)
        for folder in [home.root, home.runtimeFolder, location.folder] { chmod(folder, 0o711) }
        chmod(location.socket, 0o666)
        // Private again afterwards, or the home's `agent stop` would refuse the open folder
        // and leave this agent running.
        defer {
            for folder in [home.root, home.runtimeFolder, location.folder] { chmod(folder, 0o700) }
            chmod(location.socket, 0o600)
        }
        let binding: VaultKeyBinding? = try Vault<VaultPayload>.withHeldKeyOpener(at: home.vault) { binding, _ in binding }
        let request = """
            import json, socket, struct, sys
            meta = json.dumps({"path": sys.argv[2], "binding": {"identity": sys.argv[3], "sealedKeyDigest": sys.argv[4]}, "touch": True}).encode()
            body = bytes([1, 3]) + struct.pack(">H", len(meta)) + meta
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.connect(sys.argv[1])
            s.sendall(struct.pack(">I", len(body)) + body)
            data = b""
            while True:
                chunk = s.recv(65536)
                if not chunk: break
                data += chunk
            length = struct.unpack(">H", data[6:8])[0]
            print(data[5], data[8:8 + length].decode(), len(data) - 8 - length)
            """
        let asNobody = try await ProcessRunner.run("/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups",
            "/usr/bin/python3", "-c", request, location.socket, AgentVaultAccess.keyPath(for: home.vault),
            binding?.identity ?? "", binding?.sealedKeyDigest ?? ""])
        #expect(asNobody.status == 0, "\(asNobody.allOutput)")
        #expect(asNobody.stdout.hasPrefix("130 ") && asNobody.stdout.contains("uid 65534 is not the agent's owner"),
            "a refusal (kind 0x82), no key: \(asNobody.allOutput)")
        #expect(asNobody.stdout.hasSuffix(" 0\n"), "no secret bytes: \(asNobody.stdout)")
        // The same request from the owner gets the key: the refusal was about the user.
        let asOwner = try await ProcessRunner.run("/usr/bin/python3", ["-c", request, location.socket,
            AgentVaultAccess.keyPath(for: home.vault), binding?.identity ?? "", binding?.sealedKeyDigest ?? ""])
        #expect(asOwner.stdout.hasPrefix("129 ") && asOwner.stdout.hasSuffix(" 32\n"), "\(asOwner.allOutput)")
    }

    /// An "agent" run by another user, its socket moved into our folder and chowned to us: only
    /// the client's SO_PEERCRED check can tell, and it must not hand over anything.
    @Test(.enabled(if: canSwitchUser)) func theClientRefusesAnAgentOfAnotherUser() async throws {
        let home = try ScratchHome()
        #expect(try await home.run(["init"]).status == 0)
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("ztenant-nobody-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o777])
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let listener = """
            import socket, sys
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.bind(sys.argv[1])
            s.listen(4)
            print("ready", flush=True)
            while True:
                c, _ = s.accept()
                received = 0
                while True:
                    chunk = c.recv(65536)
                    if not chunk: break
                    received += len(chunk)
                print("received", received, flush=True)
                c.close()
            """
        let impostor = try BackgroundProcess("/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups",
            "/usr/bin/python3", "-c", listener, scratch + "/agent.sock"])
        defer { impostor.signal(SIGKILL) }
        #expect(try await impostor.nextLine() == "ready")
        let location = Self.location(home)
        try FileManager.default.createDirectory(atPath: location.folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        #expect(rename(scratch + "/agent.sock", location.socket) == 0)
        #expect(lchown(location.socket, 0, 0) == 0)
        let result = try await home.run(["list"], environment: Self.noSource, newSession: true)
        #expect(result.status == 3, "\(result.allOutput)")
        #expect(result.stderr.contains("runs as uid 65534, not as you"), "\(result.stderr)")
        #expect(try await impostor.nextLine() == "received 0", "the client sent nothing to it")
        // unlock would hand over a key: it must stop at the same check and send nothing.
        let unlock = try await home.run(["unlock"])
        #expect(unlock.status != 0 && unlock.stderr.contains("runs as uid 65534"), "\(unlock.allOutput)")
        #expect(try await impostor.nextLine() == "received 0", "no key reached the impostor")

        // A folder that is not ours, or open to others, is not trusted either.
        #expect(chown(location.folder, 65534, 65534) == 0)
        let foreign = try await home.run(["list"], environment: Self.noSource, newSession: true)
        #expect(foreign.stderr.contains("belongs to uid 65534"), "\(foreign.stderr)")
        #expect(chown(location.folder, 0, 0) == 0 && chmod(location.folder, 0o755) == 0)
        let open = try await home.run(["list"], environment: Self.noSource, newSession: true)
        #expect(open.stderr.contains("has mode 0755"), "\(open.stderr)")
    }

    // MARK: - Looking for a key

    /// Files under `root` whose bytes contain `key`.
    static func filesHolding(_ key: [UInt8], under root: String) throws -> [String] {
        var found: [String] = []
        let enumerator = FileManager.default.enumerator(atPath: root)
        while let relative = enumerator?.nextObject() as? String {
            let path = root + "/" + relative
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            if Array(data).firstRange(of: key) != nil { found.append(path) }
        }
        return found
    }

    /// A /proc file, read to its end (they report a size of 0).
    static func readProcFile(_ path: String) throws -> String {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw POSIXError(.ENOENT) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            bytes += chunk[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether the writable memory of process `pid` holds `key` (root reads any process's memory).
    static func memoryHolds(pid: Int32, _ key: [UInt8]) throws -> Bool {
        let maps = try readProcFile("/proc/\(pid)/maps")
        let memory = open("/proc/\(pid)/mem", O_RDONLY)
        guard memory >= 0 else { throw POSIXError(.EACCES) }
        defer { close(memory) }
        for line in maps.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 2, fields[1].hasPrefix("rw") else { continue }
            let range = fields[0].split(separator: "-").compactMap { UInt64($0, radix: 16) }
            guard range.count == 2, range[1] > range[0], range[1] - range[0] < 1 << 30 else { continue }
            var buffer = [UInt8](repeating: 0, count: Int(range[1] - range[0]))
            let count = buffer.withUnsafeMutableBytes { pread(memory, $0.baseAddress, $0.count, off_t(range[0])) }
            guard count > 0 else { continue }
            if buffer[0..<count].firstRange(of: key) != nil { return true }
        }
        return false
    }
}
