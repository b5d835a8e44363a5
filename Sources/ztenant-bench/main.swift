import Foundation

// ztenant's benchmarks. Build in release mode and run through scripts/bench.sh, which prints
// every figure with the baseline measured in the same run.

let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ztenant-bench-\(UUID().uuidString)").path
try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
defer { try? FileManager.default.removeItem(atPath: folder) }

// `ztenant-bench make-tui-vault PATH MOCK_URL PASSPHRASE` prepares the vault scripts/bench-tui.py drives.
if CommandLine.arguments.count == 5 && CommandLine.arguments[1] == "make-tui-vault" {
    try TUIVault.make(path: CommandLine.arguments[2], mockURL: CommandLine.arguments[3], passphrase: CommandLine.arguments[4])
    exit(0)
}

let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("ztenant").path
let sections = Set(CommandLine.arguments.dropFirst())
func wanted(_ name: String) -> Bool { sections.isEmpty || sections.contains(name) }

#if DEBUG
Report.say("warning: this is a debug build; figures are only meaningful from `swift build -c release` (scripts/bench.sh)")
#endif
if wanted("vault") { try VaultBenchmark.run(folder: folder) }
if wanted("kdf") { try VaultBenchmark.kdf() }
if wanted("check") { try await CheckBenchmark.run(folder: folder, binary: binary) }
if sections.contains("encoding") { try EncodingBenchmark.run() }
if sections.contains("vault-saves") { try VaultBenchmark.savesOnly(folder: folder) }
if wanted("startup") { try await StartupBenchmark.run(folder: folder, binary: binary) }
if wanted("agent") { try await AgentBenchmark.run(folder: folder, binary: binary) }
if wanted("paced") { try await PacedCheckBenchmark.run(folder: folder, binary: binary) }
