import Foundation
import Testing
import TestSupport
import ZTenantCore
import ZuoraAPI

@testable import CredentialVault

/// How the vault payload lies in format 2: what each command reads, and what each write reseals.
@Suite("Format 2: a command reads only what it needs, a write reseals only what changed")
struct FormatTwoPayloadTests {
    static let passphrase = Passphrase("test passphrase")

    static func outcome(_ status: OutcomeStatus, _ minutes: Double, code: String? = nil) -> ConnectionOutcome {
        ConnectionOutcome(status: status, url: "https://rest.zuora.com/v1/connections", httpStatus: status == .ok ? 200 : 401,
            reasons: code.map { [Reason(code: $0, message: "m")] } ?? [], latencyMs: 90,
            checkedAt: Date(timeIntervalSinceReferenceDate: 800_000_000 + minutes * 60), detail: "d")
    }

    /// Three profiles, each with history; sessions for one.
    static func payload() -> VaultPayload {
        var payload = VaultPayload(profiles: ["alpha", "bravo", "charlie"].map {
            Profile(name: $0, baseURL: "https://rest.zuora.com", user: "\($0)@example.com", password: Secret("pw-\($0)"))
        })
        for (index, name) in ["alpha", "bravo", "charlie"].enumerated() {
            for minute in 0..<3 { payload.record(outcome(.ok, Double(index * 10 + minute)), for: name) }
        }
        payload.sessions["alpha"] = StoredSession(value: Secret("session-alpha"), obtainedAt: Date(), lastUsedAt: Date(), fingerprint: "f")
        return payload
    }

    /// The manifest of the vault file as it is now.
    static func manifest(_ vault: Vault<VaultPayload>) throws -> Manifest {
        guard let reader = try OnDiskVault.read(vault.path).sectionReader(dataKey: vault.state.withLock { $0.dataKey }) else {
            throw VaultError.payload("not format 2")
        }
        return reader.manifest
    }

    /// What tells a section sealed again from one carried over (its place in the file may move).
    struct Seal: Equatable {
        var sealedAt: UInt64
        var digest: [UInt8]
        init?(_ entry: Manifest.Entry?) {
            guard let entry else { return nil }
            sealedAt = entry.sealedAt
            digest = entry.seal
        }
    }

    /// Flips a byte inside a profile's history chunk and fixes the trailing digest, as a careful
    /// forger would: only opening that chunk can tell.
    static func damageHistory(of id: String, in vault: Vault<VaultPayload>) throws {
        let entry = try #require(try manifest(vault).entry("history/" + id))
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: vault.path)))
        let (sectionsStart, indexStart) = VaultForgery.layout(bytes)
        bytes[sectionsStart + Int(entry.offset) + 20] ^= 0x01
        try VaultForgery.rebuild(header: Array(bytes[..<sectionsStart]), sections: Array(bytes[sectionsStart..<indexStart]),
            index: Array(bytes[indexStart..<(bytes.count - 64)]), at: vault.path)
    }

    static func history(_ manifest: Manifest) -> [String: Seal] {
        Dictionary(uniqueKeysWithValues: manifest.entries.filter { $0.name.hasPrefix("history/") }.compactMap { entry in
            Seal(entry).map { (entry.name, $0) }
        })
    }

    @Test func theFileHoldsProfilesStatusSessionsAndOneHistoryChunkPerProfileID() throws {
        let scratch = try ScratchVault(Self.payload())
        let names = try Self.manifest(scratch.vault).entries.map(\.name)
        #expect(Array(names.prefix(3)) == ["profiles", "status", "sessions"])
        let (_, opened) = try Vault<VaultPayload>.open(at: scratch.path, passphrase: Self.passphrase)
        let ids = ["alpha", "bravo", "charlie"].compactMap { opened.profileIDs[$0] }
        #expect(Set(ids).count == 3 && ids.allSatisfy { $0.count == 32 })
        #expect(Array(names.dropFirst(3)) == ids.map { "history/" + $0 }, "history is kept under ids, never names")
        #expect(!names.contains { $0.contains("alpha") })
    }

    @Test func openingForListReadsNoHistoryAndADamagedChunkHurtsOnlyItsProfile() throws {
        let scratch = try ScratchVault(Self.payload())
        let (_, before) = try Vault<VaultPayload>.open(at: scratch.path, passphrase: Self.passphrase)
        let bravo = try #require(before.profileIDs["bravo"])
        try Self.damageHistory(of: bravo, in: scratch.vault)

        let (_, payload) = try Vault<VaultPayload>.open(at: scratch.path, passphrase: Self.passphrase)
        #expect(payload.profiles.map(\.name) == ["alpha", "bravo", "charlie"], "list opens: it never reads history")
        #expect(payload.lastOutcome(of: "bravo")?.status == .ok, "the last outcome comes from the status section")
        #expect(payload.status(of: "bravo")?.checks == 3)
        #expect(try payload.history(of: "alpha").count == 3)
        do {
            _ = try payload.history(of: "bravo")
            Issue.record("a damaged chunk was read")
        } catch let error as VaultError {
            guard case .corrupted(_, let reason, _) = error else { Issue.record("\(error)"); return }
            #expect(reason.contains("history/\(bravo)"), "\(reason)")
        }
    }

    @Test func aPasswordChangeResealsTheProfilesAndNoHistory() throws {
        let scratch = try ScratchVault(Self.payload())
        let before = try Self.manifest(scratch.vault)
        try scratch.vault.update { try $0.edit("bravo") { $0.password = Secret("new password") } }
        let after = try Self.manifest(scratch.vault)
        #expect(Self.history(after) == Self.history(before), "every history chunk carried over as it was")
        #expect(Seal(after.entry("status")) == Seal(before.entry("status")), "the status did not change either")
        #expect(Seal(after.entry("sessions")) == Seal(before.entry("sessions")))
        #expect(after.entry("profiles")?.sealedAt == after.generation, "the profiles were sealed again")
    }

    @Test func aFailedCheckResealsTheStatusAndOnlyANewSessionResealsTheSessions() throws {
        let scratch = try ScratchVault(Self.payload())
        let before = try Self.manifest(scratch.vault)
        try scratch.vault.update { $0.record(Self.outcome(.authFailed, 100, code: "90000011"), for: "charlie") }
        let failed = try Self.manifest(scratch.vault)
        #expect(failed.entry("status")?.sealedAt == failed.generation, "the status moved on")
        #expect(Seal(failed.entry("sessions")) == Seal(before.entry("sessions")), "a failure brings no session")
        #expect(Seal(failed.entry("profiles")) == Seal(before.entry("profiles")))

        try scratch.vault.update {
            $0.sessions["charlie"] = StoredSession(value: Secret("session-charlie"), obtainedAt: Date(), lastUsedAt: Date(), fingerprint: "f")
        }
        let loggedIn = try Self.manifest(scratch.vault)
        #expect(loggedIn.entry("sessions")?.sealedAt == loggedIn.generation, "the new session was sealed")
        #expect(Seal(loggedIn.entry("status")) == Seal(failed.entry("status")), "no status moved")

        try scratch.vault.update { _ in }
        let untouched = try Self.manifest(scratch.vault)
        for name in ["profiles", "status", "sessions"] {
            #expect(Seal(untouched.entry(name)) == Seal(loggedIn.entry(name)), "\(name): a write that changed nothing reseals nothing")
        }
        let (_, reopened) = try Vault<VaultPayload>.open(at: scratch.path, passphrase: Self.passphrase)
        #expect(reopened.sessions["charlie"]?.value.reveal() == "session-charlie")
        #expect(reopened.status(of: "charlie")?.last.status == .authFailed)
    }

    @Test func aRenameTouchesNoHistoryAndACheckResealsOnlyTheChunksItAppendedTo() throws {
        let scratch = try ScratchVault(Self.payload())
        let before = try Self.manifest(scratch.vault)
        try scratch.vault.update { try $0.rename("alpha", to: "alpha-renamed") }
        let renamed = try Self.manifest(scratch.vault)
        #expect(Self.history(renamed) == Self.history(before), "rename: no chunk sealed again")
        let (_, reopened) = try Vault<VaultPayload>.open(at: scratch.path, passphrase: Self.passphrase)
        #expect(try reopened.history(of: "alpha-renamed").count == 3)
        #expect(reopened.sessions["alpha-renamed"] != nil)

        try scratch.vault.update { $0.record(Self.outcome(.authFailed, 100, code: "90000011"), for: "charlie") }
        let checked = try Self.manifest(scratch.vault)
        let charlie = try #require(reopened.profileIDs["charlie"])
        for (name, entry) in Self.history(checked) {
            if name == "history/" + charlie {
                #expect(entry.sealedAt == checked.generation && entry != Self.history(renamed)[name])
            } else {
                #expect(entry == Self.history(renamed)[name], "\(name) untouched by a check of charlie")
            }
        }
        let (_, final) = try Vault<VaultPayload>.open(at: scratch.path, passphrase: Self.passphrase)
        #expect(try final.history(of: "charlie").map(\.status) == [.ok, .ok, .ok, .authFailed], "appended without reading first")
    }

    /// Checks append to some chunks and move them to the end of the file, round after round:
    /// the trailing digest and every chain state must match the file's bytes each time.
    @Test func checksLeaveATrailingDigestAndChainStatesThatMatchTheFile() throws {
        let scratch = try ScratchVault(Self.payload())
        for round in 0..<4 {
            try scratch.vault.update { payload in
                for name in ["alpha", "bravo", "charlie"].prefix(round % 3 + 1) {
                    payload.record(Self.outcome(round % 2 == 0 ? .ok : .authFailed, Double(200 + round), code: "90000011"), for: name)
                }
            }
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: scratch.path)))
            #expect(throws: Never.self, "round \(round): doctor's check of the whole file") { try VaultInspection.inspect(at: scratch.path) }
            let manifest = try Self.manifest(scratch.vault)
            guard case .success(let parsed) = SectionedFile.parse(file: bytes) else { Issue.record("not format 2"); return }
            let recomputed = SectionedFile.chained(manifest.entries, prefix: bytes, sectionsStart: parsed.file.sectionsStart)
            #expect(recomputed.map(\.chain) == manifest.entries.map(\.chain), "round \(round)")
        }
        let (_, reopened) = try Vault<VaultPayload>.open(at: scratch.path, passphrase: Self.passphrase)
        #expect(try reopened.history(of: "alpha").count == 7)
        #expect(try reopened.history(of: "charlie").count == 4)
    }

    @Test func theStatusSaysFailingSinceAcrossWritesBeyondTheHistoryLimit() throws {
        let scratch = try ScratchVault(Self.payload())
        for minute in 0..<(VaultPayload.historyLimit + 5) {
            try scratch.vault.update { $0.record(Self.outcome(.authFailed, 200 + Double(minute), code: "90000011"), for: "bravo") }
        }
        let (_, payload) = try Vault<VaultPayload>.open(at: scratch.path, passphrase: Self.passphrase)
        let status = try #require(payload.status(of: "bravo"))
        #expect(status.checks == VaultPayload.historyLimit + 5, "the streak outlives the stored history")
        #expect(status.since == Self.outcome(.ok, 200).checkedAt)
        #expect(status.firstCode == "90000011")
        // Each write appended to the stored chunk without decoding it, dropping the oldest.
        let kept = try payload.history(of: "bravo")
        #expect(kept.count == VaultPayload.historyLimit)
        #expect(kept.first?.checkedAt == Self.outcome(.ok, 205).checkedAt && kept.last?.checkedAt == Self.outcome(.ok, 254).checkedAt)
        try scratch.vault.update { $0.record(Self.outcome(.ok, 400), for: "bravo") }
        let recovered = try #require(try scratch.vault.reload().status(of: "bravo"))
        #expect(recovered.checks == 1 && recovered.firstCode == nil && recovered.last.ok)
    }

    @Test func aPayloadFromAnOlderFileIsNotSavedOverANewerOne() throws {
        let scratch = try ScratchVault(Self.payload())
        var stale = try scratch.vault.reload()
        try scratch.vault.update { try $0.rename("alpha", to: "alpha-renamed") }
        try stale.edit("bravo") { $0.notes = "from a stale copy" }
        #expect(throws: VaultError.changedOnDisk(path: scratch.path), "its unread chunks are no longer the file's") {
            try scratch.vault.save(stale)
        }
        #expect(try scratch.vault.reload().profile(named: "alpha-renamed") != nil)
    }

    @Test func aCheckOfAProfileWhoseChunkIsDamagedIsStillRecorded() throws {
        let scratch = try ScratchVault(Self.payload())
        let bravo = try #require(try scratch.vault.reload().profileIDs["bravo"])
        try Self.damageHistory(of: bravo, in: scratch.vault)
        let (vault, _) = try Vault<VaultPayload>.open(at: scratch.path, passphrase: Self.passphrase)
        try vault.update {
            $0.record(Self.outcome(.authFailed, 500, code: "90000011"), for: "bravo")
            $0.record(Self.outcome(.ok, 500), for: "alpha")
        }
        let (_, payload) = try Vault<VaultPayload>.open(at: scratch.path, passphrase: Self.passphrase)
        #expect(try payload.history(of: "bravo").map(\.status) == [.authFailed], "the damaged chunk starts again")
        #expect(try payload.history(of: "alpha").count == 4)
    }

    @Test func removingAProfileDropsItsChunk() throws {
        let scratch = try ScratchVault(Self.payload())
        let bravo = try #require(try scratch.vault.reload().profileIDs["bravo"])
        try scratch.vault.update { _ = try $0.remove("bravo") }
        #expect(try Self.manifest(scratch.vault).entry("history/" + bravo) == nil)
        let (_, payload) = try Vault<VaultPayload>.open(at: scratch.path, passphrase: Self.passphrase)
        #expect(try payload.history(of: "alpha").count == 3)
    }

    @Test func aByteFlipInAnySectionIsDetectedWhenThatSectionIsRead() throws {
        let scratch = try ScratchVault(Self.payload())
        let original = Array(try Data(contentsOf: URL(fileURLWithPath: scratch.path)))
        guard case .success(let parsed) = SectionedFile.parse(file: original) else { Issue.record("not format 2"); return }
        let sectionsStart = parsed.file.sectionsStart
        let manifest = try Self.manifest(scratch.vault)
        // The first, middle and last byte of every section, and every 7th byte of the header and the index.
        var offsets = Array(stride(from: 0, to: sectionsStart, by: 7)) + Array(stride(from: parsed.index, to: original.count - 32, by: 7))
        for entry in manifest.entries {
            let start = sectionsStart + Int(entry.offset)
            offsets += [start, start + Int(entry.length) / 2, start + Int(entry.length) - 1]
        }
        offsets.append(original.count - 1)
        var detected = 0
        for offset in offsets {
            var bytes = original
            bytes[offset] ^= 0x40
            try Data(bytes).write(to: URL(fileURLWithPath: scratch.path))
            do {
                let (_, payload) = try Vault<VaultPayload>.open(at: scratch.path, passphrase: Self.passphrase)
                for profile in payload.profiles { _ = try payload.history(of: profile.name) }
                // Everything read back as written: the flip must be where only doctor looks.
                _ = try VaultInspection.inspect(at: scratch.path)
                Issue.record("a flip at \(offset) went unnoticed")
            } catch let error as VaultError {
                switch error {
                case .corrupted, .wrongPassphrase, .notAVault: detected += 1
                default: Issue.record("flip at \(offset): \(error)")
                }
            }
        }
        #expect(detected == offsets.count)
    }
}
