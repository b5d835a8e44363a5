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
        precondition(password.count < 4 || !problem.message.contains(password), "a problem message quotes the password")
    }
    switch ConnectionEndpoint.make(baseURL: url) {
    case .success(let endpoint):
        if !endpoint.usesTLS {
            precondition(ConnectionEndpoint.isLoopback(endpoint.host), "plain http accepted for \(endpoint.host)")
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
