// Fuzzes profile validation: the URL (and the plain-HTTP-only-to-loopback rule), the user,
// the entity id or name, tags and the name, as they arrive from `add`, `edit` or an import.
// Every problem message must be display-safe, and an endpoint that validation accepts must
// keep its promises.
import FuzzSupport
import ZTenantCore
import ZuoraAPI

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzProfile(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    var input = FuzzInput(start, count)
    let choice = input.byte()
    func text() -> String { String(decoding: input.field(), as: UTF8.self) }
    let name = text()
    let url = text()
    let user = text()
    let password = text()
    let entityValue = text()
    let tags = text().split(separator: " ").map(String.init)
    let entity: EntitySelector = switch choice % 3 {
    case 0: .none
    case 1: .id(entityValue)
    default: .name(entityValue)
    }
    let profile = Profile(name: name, baseURL: url, user: user, password: Secret(password), entity: entity, tags: tags,
        sessionTimeoutMinutes: Int(choice))
    let problems = ProfileValidation.problems(in: profile)
    for problem in problems {
        Invariant.displaySafe(problem.message, "problem message")
        // Only a password no message could contain by chance (long, with a marker, and not
        // also written in another field that messages may quote) is checked.
        // (Messages quote the other fields sanitized, so compare with those.)
        // Byte search: Foundation's String.contains traps on Linux when the needle holds U+0000.
        let elsewhere = ([name, url, user, entityValue] + tags).flatMap { [$0, TextSanitizer.sanitize($0, limit: 10_000)] }
        if password.count >= 12 && password.contains("#") && !elsewhere.contains(where: { bytes($0, contain: password) }) {
            precondition(!bytes(problem.message, contain: password), "a problem message quotes the password")
        }
    }
    switch ConnectionEndpoint.make(baseURL: url) {
    case .success(let endpoint):
        if !endpoint.usesTLS {
            precondition(plainHTTPAllowed(endpoint.host), "plain http accepted for \(endpoint.host)")
        }
        precondition(endpoint.url.hasSuffix("/v1/connections"), "endpoint without /v1/connections")
        precondition(!endpoint.url.contains("?") && !endpoint.url.contains("#"), "query or fragment kept")
    case .failure(let found):
        for message in found.messages { Invariant.displaySafe(message, "endpoint problem") }
    }
    if problems.isEmpty {
        switch ConnectionRequest.make(profile.credentials) {
        case .success(let request):
            for header in request.headers {
                precondition(!header.value.contains("\r") && !header.value.contains("\n"), "a header with a line break")
            }
        case .failure:
            fatalError("validation accepted a profile the request builder refuses")
        }
    }
    return 0
}

/// The rule for plain HTTP, written out independently of `ConnectionEndpoint.isLoopback`:
/// `localhost`, `::1` in any spelling, or four decimal octets without leading zeros starting
/// with 127.
private func plainHTTPAllowed(_ host: String) -> Bool {
    let host = host.lowercased()
    if host == "localhost" { return true }
    if host.contains(":") {
        let groups = host.split(separator: ":", omittingEmptySubsequences: true)
        return groups.last.map { UInt16($0, radix: 16) == 1 } == true
            && groups.dropLast().allSatisfy { UInt16($0, radix: 16) == 0 }
    }
    let octets = host.split(separator: ".", omittingEmptySubsequences: false)
    guard octets.count == 4 else { return false }
    for octet in octets {
        guard let value = Int(octet), (0...255).contains(value), String(value) == octet else { return false }
    }
    return octets[0] == "127"
}

/// Whether the UTF-8 of `haystack` contains that of `needle`.
private func bytes(_ haystack: String, contain needle: String) -> Bool {
    let haystack = Array(haystack.utf8)
    let needle = Array(needle.utf8)
    guard !needle.isEmpty else { return true }
    guard haystack.count >= needle.count else { return false }
    return (0...(haystack.count - needle.count)).contains { haystack[$0..<($0 + needle.count)].elementsEqual(needle) }
}
