import Foundation

/// Adding, editing, removing, renaming and activating profiles: pure changes to the payload,
/// so they run inside one vault read-modify-write.
extension VaultPayload {
    /// Adds a valid profile with a new name.
    public mutating func add(_ profile: Profile) throws {
        let problems = ProfileValidation.problems(in: profile)
        guard problems.isEmpty else { throw ProfileError.invalid(name: profile.name, problems: problems) }
        guard self.profile(named: profile.name) == nil else { throw ProfileError.duplicateName(profile.name) }
        profiles.append(profile)
    }

    /// Changes a profile; the result must be valid. A change of URL, user, entity or
    /// password forgets the stored session (it belongs to the old credentials).
    @discardableResult
    public mutating func edit(_ name: String, _ change: (inout Profile) throws -> Void) throws -> Profile {
        let index = try indexOf(name)
        var edited = profiles[index]
        try change(&edited)
        guard edited.name == name else {
            throw ProfileError.invalid(name: name, problems: [ProfileProblem(field: .name, message: "use rename to change a name")])
        }
        let problems = ProfileValidation.problems(in: edited)
        guard problems.isEmpty else { throw ProfileError.invalid(name: name, problems: problems) }
        let old = profiles[index]
        if old.sessionFingerprint != edited.sessionFingerprint || old.password != edited.password {
            sessions[name] = nil
        }
        profiles[index] = edited
        return edited
    }

    /// Removes a profile with its session and history.
    @discardableResult
    public mutating func remove(_ name: String) throws -> Profile {
        let index = try indexOf(name)
        forget(name)
        let removed = profiles.remove(at: index)
        if activeProfile == name { activeProfile = nil }
        return removed
    }

    /// Renames a profile, carrying its session, history and active mark.
    public mutating func rename(_ old: String, to new: String) throws {
        let index = try indexOf(old)
        let problems = ProfileValidation.nameProblems(new)
        guard problems.isEmpty else {
            throw ProfileError.invalid(name: new, problems: problems.map { ProfileProblem(field: .name, message: $0) })
        }
        guard old == new || profile(named: new) == nil else { throw ProfileError.duplicateName(new) }
        guard old != new else { return }
        // The id moves first: a profile under a name without one would be given a new id.
        carry(from: old, to: new)
        profiles[index].name = new
        if activeProfile == old { activeProfile = new }
    }

    /// Marks a profile active.
    public mutating func setActive(_ name: String) throws {
        _ = try indexOf(name)
        activeProfile = name
    }

    /// The index of a profile, or ``ProfileError/noSuchProfile(name:suggestion:)`` with the
    /// closest name as a suggestion.
    public func indexOf(_ name: String) throws -> Int {
        if let index = profiles.firstIndex(where: { $0.name == name }) { return index }
        throw ProfileError.noSuchProfile(name: name, suggestion: closestName(to: name))
    }

    private func closestName(to name: String) -> String? {
        let lower = name.lowercased()
        if let caseOnly = profiles.first(where: { $0.name.lowercased() == lower }) { return caseOnly.name }
        let scored = profiles.map { ($0.name, editDistance(lower, $0.name.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(2, name.count / 3) else {
            return profiles.first { $0.name.lowercased().hasPrefix(lower) }?.name
        }
        return best.0
    }

    private func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
