import Foundation

/// What an export file holds: profiles (with their passwords), nothing else. Sessions and
/// history stay behind: they are short-lived or local.
public struct ExportPayload: Codable, Sendable, Equatable {
    /// The schema of this payload.
    public var schema: Int
    /// When the export was made.
    public var exportedAt: Date
    /// The profiles.
    public var profiles: [Profile]

    /// The newest export schema this build reads and writes: 2 added a profile's declared
    /// environment class.
    public static let currentSchema = 3

    /// Creates an export of some profiles, with the oldest schema that holds them (2 when a
    /// profile declares an environment class, which a schema 1 build would drop on import).
    public init(profiles: [Profile], exportedAt: Date = Date()) {
        self.schema = profiles.contains { $0.auth == .oauth } ? 3 : profiles.contains { $0.declaredClass != nil } ? 2 : 1
        self.exportedAt = exportedAt
        self.profiles = profiles
    }
}

/// What importing did with one profile.
public enum ImportResult: Sendable, Equatable {
    /// It was new and was added.
    case added
    /// A profile with the name existed and was replaced (`--overwrite`).
    case replaced
    /// A profile with the name existed and was left alone.
    case skippedExisting
    /// It was not valid and was not imported.
    case invalid([String])
}

extension VaultPayload {
    /// Merges an export: new profiles are added; existing names are replaced only with
    /// `overwrite`; invalid ones are reported. Returns one result per exported profile, in order.
    public mutating func merge(_ export: ExportPayload, overwrite: Bool) -> [(name: String, result: ImportResult)] {
        export.profiles.map { profile in
            let problems = ProfileValidation.problems(in: profile)
            guard problems.isEmpty else { return (profile.name, .invalid(problems.map(\.message))) }
            if let index = profiles.firstIndex(where: { $0.name == profile.name }) {
                guard overwrite else { return (profile.name, .skippedExisting) }
                profiles[index] = profile
                sessions[profile.name] = nil
                return (profile.name, .replaced)
            }
            profiles.append(profile)
            return (profile.name, .added)
        }
    }
}
