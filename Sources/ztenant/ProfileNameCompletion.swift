import ArgumentParser
import Foundation
import ZTenantCore

/// Profile names for shell completion, from the agent only: when it holds the vault's key the
/// names are offered, otherwise nothing. Completion never prompts, never derives a key and does
/// not slide the agent's idle deadline (it is not a command a person ran).
enum ProfileNameCompletion {
    /// The completion of a profile-name argument.
    static let kind = CompletionKind.custom { words, _, prefix in
        names(words: words).filter { $0.hasPrefix(prefix) }
    }

    /// The names in the vault the command line being completed names (`--vault`), else the
    /// default vault.
    static func names(words: [String]) -> [String] {
        let environment = ProcessInfo.processInfo.environment
        var vault: String?
        for (index, word) in words.enumerated() {
            if word == "--vault", index + 1 < words.count { vault = words[index + 1] }
            if word.hasPrefix("--vault=") { vault = String(word.dropFirst("--vault=".count)) }
        }
        let path = ZTenantPaths.resolve(vault: vault, environment: environment).vault
        let access = AgentVaultAccess.resolve(environment: environment, disabled: false)
        guard case .opened(_, let payload)? = try? access.open(path: path, touch: false) else { return [] }
        return payload.profiles.map(\.name).sorted()
    }
}
