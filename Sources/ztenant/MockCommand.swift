import ArgumentParser
import Foundation
import ZuoraMock

/// `ztenant mock`: the mock Zuora server in the foreground, until Ctrl-C or SIGTERM.
struct MockCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mock",
        abstract: "Run a mock Zuora login endpoint in the foreground (for trying ztenant and for tests).",
        discussion: """
            Without --config it serves a built-in tenant with one user per way a login can end \
            (see the README). --config takes a JSON file: {"users": [{"name": …, "password": …, \
            "entities": […], "latencyMs": …, "fault": {"serverError": {}}}], "entities": [{"id": …, \
            "name": …}], "authRequestsPerWindow": 100, "windowSeconds": 60, "pathPrefix": ""}.
            """).subcommandOfZtenant()

    /// Accepted so the shared options work before or after every subcommand; no vault is opened.
    @OptionGroup var global: GlobalOptions

    @Option(help: "The port to listen on (0 picks a free one).")
    var port: Int = 8787

    @Option(help: "The address to bind: loopback only, so credentials never cross a network in clear.")
    var host: String = "127.0.0.1"

    @Option(help: "A JSON file with users, entities and faults.")
    var config: String?

    @Option(help: "Serve TLS with this PEM certificate chain (needs --tls-key).")
    var tlsCert: String?

    @Option(help: "The PEM private key for --tls-cert.")
    var tlsKey: String?

    func validate() throws {
        if (tlsCert == nil) != (tlsKey == nil) {
            throw ValidationError("--tls-cert and --tls-key go together")
        }
        if !(0...65535).contains(port) {
            throw ValidationError("--port must be 0–65535")
        }
        if !["127.0.0.1", "::1", "localhost"].contains(host) && !host.hasPrefix("127.") {
            throw ValidationError("--host must be a loopback address (127.0.0.1, ::1, localhost)")
        }
    }

    func run() async throws {
        var configuration = MockConfiguration.demo
        if let config {
            do {
                configuration = try MockConfiguration.load(path: config)
            } catch {
                throw CLIFailure("cannot read mock config \(config): \(error). See `ztenant mock --help` for the format.", exitCode: ExitStatus.usage)
            }
        }
        let tls = tlsCert.flatMap { cert in tlsKey.map { MockTLS(certificatePath: cert, keyPath: $0) } }
        let server: MockZuoraServer
        do {
            server = try await MockZuoraServer.start(configuration: configuration, host: host, port: port, tls: tls)
        } catch MockServerError.portInUse {
            throw CLIFailure("port \(port) is in use (another mock or program listens on \(host):\(port)); pass --port N, or --port 0 for a free one.", exitCode: ExitStatus.usage)
        } catch {
            throw CLIFailure("cannot start the mock server on \(host):\(port): \(error). Try another --port (0 picks a free one).", exitCode: ExitStatus.unexpected)
        }
        StandardOutput.line("mock Zuora listening on \(server.baseURL)")
        for user in configuration.users {
            let behaviour = user.fault.map { "\($0)" } ?? (user.latencyMs > 0 ? "ok after \(user.latencyMs) ms" : "ok")
            StandardOutput.line("  user \(user.name)  \(behaviour)")
        }
        for client in configuration.clients {
            let behaviour = client.fault.map { "\($0)" } ?? "issues tokens (tenant \(client.tenantId), \(client.entities.count) entit\(client.entities.count == 1 ? "y" : "ies"))"
            StandardOutput.line("  client \(client.id)  \(behaviour)")
        }
        StandardOutput.line("press Ctrl-C to stop")

        let signals = SignalWaiter(signals: [SIGINT, SIGTERM])
        let received = await signals.wait()
        await server.shutdown()
        StandardOutput.line("stopped (\(received == SIGINT ? "SIGINT" : "SIGTERM"))")
    }
}
