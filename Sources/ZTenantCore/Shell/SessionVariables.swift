import Foundation
import ZuoraAPI

/// The environment a session is handed over in: what `env` prints, what `exec` sets, and what
/// `ztenant shell` (and the TUI's `!`) adds for the prompt.
public enum SessionVariables {
    /// The variables of `env` and `exec`: base URL, session, profile, entity, when obtained.
    public static func session(_ provided: ProvidedSession) -> [(String, String)] {
        if provided.profile.auth == .oauth {
            // An OAuth client's token goes in a bearer header, not a cookie.
            var variables = [
                ("ZUORA_BASE_URL", provided.profile.baseURL),
                ("ZUORA_ACCESS_TOKEN", provided.session.reveal()),
                ("ZUORA_AUTHORIZATION", "Bearer " + provided.session.reveal()),
                ("ZUORA_PROFILE", provided.profile.name),
            ]
            if case .id(let id) = provided.profile.entity { variables.append(("ZUORA_ENTITY_IDS", id)) }
            variables.append(("ZUORA_SESSION_OBTAINED_AT", ISO8601.string(provided.obtainedAt)))
            return variables
        }
        var variables = [
            ("ZUORA_BASE_URL", provided.profile.baseURL),
            ("ZUORA_SESSION", provided.session.reveal()),
            ("ZUORA_PROFILE", provided.profile.name),
        ]
        switch provided.profile.entity {
        case .none: break
        case .id(let id): variables.append(("ZUORA_ENTITY_ID", id))
        case .name(let name): variables.append(("ZUORA_ENTITY_NAME", name))
        }
        variables.append(("ZUORA_SESSION_OBTAINED_AT", ISO8601.string(provided.obtainedAt)))
        return variables
    }

    /// The variables of a ztenant shell: the session's, plus the profile, its environment class
    /// and when the session expires (Unix seconds), which `ztenant prompt` shows.
    public static func shell(_ provided: ProvidedSession) -> [(String, String)] {
        let expires = provided.expires
        return session(provided) + [
            (PromptSegment.profileVariable, provided.profile.name),
            (PromptSegment.classVariable, provided.profile.environmentClass.rawValue),
            (PromptSegment.expiresVariable, String(Int(expires.timeIntervalSince1970))),
        ]
    }

    /// Variables that hold a session or token.
    public static let secretVariables: Set<String> = ["ZUORA_SESSION", "ZUORA_ACCESS_TOKEN", "ZUORA_AUTHORIZATION"]

    /// Variables a handed-over environment must not inherit when this profile does not set them:
    /// another profile's entity, session or token.
    public static let staleVariables = ["ZUORA_ENTITY_ID", "ZUORA_ENTITY_NAME", "ZUORA_ENTITY_IDS", "ZUORA_SESSION", "ZUORA_ACCESS_TOKEN",
        "ZUORA_AUTHORIZATION"]

    /// The stale variables `variables` does not set, to be unset beside them.
    public static func unset(besides variables: [(String, String)]) -> [String] {
        staleVariables.filter { key in !variables.contains { $0.0 == key } }
    }

    /// Sets `variables` in this process's environment and unsets the stale ones, for a command
    /// about to replace this process (`exec`, `shell`).
    public static func export(_ variables: [(String, String)]) {
        for (key, value) in variables { setenv(key, value, 1) }
        for key in unset(besides: variables) { unsetenv(key) }
    }

    /// Variables of ztenant's own that never cross into a user's command: every one that
    /// names or holds a passphrase, and the failpoint switch.
    public static func isWithheld(_ name: String) -> Bool {
        name.hasPrefix("ZTENANT_") && (name.contains("PASSPHRASE") || name == "ZTENANT_FAILPOINT")
    }

    /// A child's whole environment: `base` without withheld variables and stale entity
    /// variables, with `variables` set.
    public static func environment(_ base: [String: String], with variables: [(String, String)]) -> [String: String] {
        var result = base.filter { !isWithheld($0.key) && !staleVariables.contains($0.key) }
        for (key, value) in variables { result[key] = value }
        return result
    }
}
