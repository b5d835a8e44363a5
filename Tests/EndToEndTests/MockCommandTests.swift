import Foundation
import Testing
import TestSupport
import ZuoraMock

@Suite("`ztenant mock`, run as a built binary")
struct MockCommandTests {
    @Test func itPrintsItsURLServesProbesAndStopsOnSIGTERM() async throws {
        let mock = try BackgroundProcess(ProcessRunner.ztenantBinary, ["mock", "--port", "0"])
        let first = try #require(try await mock.nextLine())
        #expect(first.hasPrefix("mock Zuora listening on http://127.0.0.1:"))
        let url = String(first.split(separator: " ").last!)

        let ok = try await ProcessRunner.ztenant(["probe", "--url", url, "--user", "demo@example.com", "--password-stdin"],
            stdin: "demo-password")
        #expect(ok.status == 0, "\(ok.allOutput)")
        let refused = try await ProcessRunner.ztenant(["probe", "--url", url, "--user", "demo@example.com", "--password-stdin"],
            stdin: "nope")
        #expect(refused.status == 20)

        mock.signal(SIGTERM)
        var last: String?
        while let line = try await mock.nextLine() { last = line }
        let (status, _) = await mock.waitForExit()
        #expect(status == 0)
        #expect(last == "stopped (SIGTERM)")
    }

    @Test func aBusyPortIsSaidPlainly() async throws {
        try await withMockServer { server in
            let busy = try await ProcessRunner.ztenant(["mock", "--port", "\(server.port)"])
            #expect(busy.status == 2, "\(busy.allOutput)")
            #expect(busy.stderr.contains("port \(server.port) is in use"), "\(busy.stderr)")
            #expect(busy.stderr.contains("pass --port N"))
        }
    }

    @Test func itServesTLSFromPEMFiles() async throws {
        let mock = try BackgroundProcess(ProcessRunner.ztenantBinary, [
            "mock", "--port", "0", "--tls-cert", Fixtures.tls("server.pem"), "--tls-key", Fixtures.tls("server-key.pem"),
        ])
        let first = try #require(try await mock.nextLine())
        #expect(first.hasPrefix("mock Zuora listening on https://127.0.0.1:"))
        let url = String(first.split(separator: " ").last!)
        let ok = try await ProcessRunner.ztenant(
            ["probe", "--url", url, "--user", "demo@example.com", "--password-stdin", "--ca-file", Fixtures.tls("ca.pem")],
            stdin: "demo-password")
        #expect(ok.status == 0, "\(ok.allOutput)")
        mock.signal(SIGINT)
        let (status, _) = await mock.waitForExit()
        #expect(status == 0)
    }

    @Test func aConfigFileChoosesUsersAndFaults() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("mock-\(UUID()).json")
        try Data(#"{"users":[{"name":"ops","password":"pw","fault":{"serverError":{}}}]}"#.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let mock = try BackgroundProcess(ProcessRunner.ztenantBinary, ["mock", "--port", "0", "--config", file.path])
        let first = try #require(try await mock.nextLine())
        let url = String(first.split(separator: " ").last!)
        let result = try await ProcessRunner.ztenant(["probe", "--url", url, "--user", "ops", "--password-stdin"], stdin: "pw")
        #expect(result.status == 24)
        #expect(result.stdout.contains("We're sorry, but something went wrong."))
        mock.signal(SIGTERM)
        _ = await mock.waitForExit()
    }

    @Test func aBrokenConfigFileIsAClearUsageError() async throws {
        let result = try await ProcessRunner.ztenant(["mock", "--port", "0", "--config", "/nonexistent/mock.json"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("cannot read mock config /nonexistent/mock.json"))
    }

    @Test func aNonLoopbackHostIsRefused() async throws {
        let result = try await ProcessRunner.ztenant(["mock", "--host", "0.0.0.0"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("loopback"))
    }
}
