import CredentialVault
import Foundation
import Testing
import ZTenantCore
import ZuoraAPI

@Suite("A declared environment class for hosts that are not Zuora's (payload schema 2)")
struct DeclaredClassTests {
    let proxy = Profile(name: "acme-prod-proxy", baseURL: "https://zuora-proxy.acme.example/rest", user: "u", password: Secret("p"),
        declaredClass: .production)

    @Test func theDeclaredClassDrivesACustomHostAndNeverAZuoraOne() throws {
        #expect(proxy.environmentClass == .production)
        #expect(proxy.classIsDeclared)
        #expect(ProfileValidation.problems(in: proxy).isEmpty)
        var onZuora = proxy
        onZuora.baseURL = "https://rest.sandbox.eu.zuora.com"
        #expect(onZuora.environmentClass == .sandbox, "Zuora's host says what it is")
        #expect(!onZuora.classIsDeclared)
        let problems = ProfileValidation.problems(in: onZuora)
        #expect(problems.map(\.field) == [.environmentClass])
        #expect(problems.first?.message.contains("rest.sandbox.eu.zuora.com is Zuora's EU API Sandbox") == true, "\(problems)")
        var custom = proxy
        custom.declaredClass = .custom
        #expect(ProfileValidation.problems(in: custom).first?.message.contains("declare production, sandbox or test") == true)
        #expect(try ProfileFilter("env:prod").matches(proxy, lastStatus: nil))
    }

    @Test func theVaultKeepsItAndSaysSchema2OnlyWhenItIsUsed() throws {
        let plain = Profile(name: "plain", baseURL: "https://proxy.example.com", user: "u", password: Secret("p"))
        let scratch = try ScratchVault(VaultPayload(profiles: [plain]))
        #expect(try scratch.vault.reload().schema == 1, "a vault that declares nothing stays writable by schema 1 builds")
        _ = try scratch.vault.update { try $0.add(proxy) }
        let (_, reopened) = try Vault<VaultPayload>.open(at: scratch.path, passphrase: Passphrase("test passphrase"))
        #expect(reopened.schema == 2)
        #expect(reopened.writeRefusal == nil)
        #expect(reopened.profile(named: "acme-prod-proxy")?.declaredClass == .production)
        #expect(reopened.profile(named: "plain")?.declaredClass == nil)
        let export = ExportPayload(profiles: reopened.profiles)
        #expect(export.schema == 2, "an export that carries a declared class says schema 2")
        #expect(ExportPayload(profiles: [plain]).schema == 1)
        let decoded = try JSONDecoder().decode(ExportPayload.self, from: JSONEncoder().encode(export))
        #expect(decoded.profiles.first { $0.name == "acme-prod-proxy" }?.declaredClass == .production)
    }
}
