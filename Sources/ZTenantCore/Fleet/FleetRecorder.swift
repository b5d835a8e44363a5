import CredentialVault
import Foundation

/// Stores fleet-check results: every outcome in its profile's history and every success's
/// session, in one vault write for the whole batch.
public enum FleetRecorder {
    /// Records `results` in one read-modify-write. Profiles removed meanwhile are skipped.
    public static func record(_ results: [FleetCheckResult], in vault: Vault<VaultPayload>, now: Date = Date()) throws {
        guard !results.isEmpty else { return }
        try vault.update { payload in
            // A profile that was not sent keeps its last real result: history holds answers only.
            for result in results where payload.profile(named: result.profile.name) != nil && !result.skipped {
                payload.recordLogin(result.outcome, for: result.profile, usedAt: now)
            }
        }
    }
}
