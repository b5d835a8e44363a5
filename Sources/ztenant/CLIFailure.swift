/// A failure the user can act on: a message that says what happened, why and what to do,
/// and the documented exit code.
struct CLIFailure: Error {
    let message: String
    let exitCode: Int32

    init(_ message: String, exitCode: Int32) {
        self.message = message
        self.exitCode = exitCode
    }
}
