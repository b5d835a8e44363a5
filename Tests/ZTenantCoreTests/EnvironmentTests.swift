import Testing
import ZTenantCore

@Suite("URLs are classified into Zuora's environments")
struct EnvironmentTests {
    @Test(arguments: [
        ("https://rest.na.zuora.com", EnvironmentClass.production),
        ("https://rest.zuora.com/", .production),
        ("https://rest.eu.zuora.com", .production),
        ("https://rest.ap.zuora.com", .production),
        ("https://rest.sandbox.na.zuora.com", .sandbox),
        ("https://rest.apisandbox.zuora.com", .sandbox),
        ("https://REST.SANDBOX.EU.ZUORA.COM", .sandbox),
        ("https://rest.test.zuora.com", .test),
        ("https://rest.test.eu.zuora.com", .test),
        ("https://rest.test.ap.zuora.com", .test),
        ("https://rest.pt1.zuora.com", .test),
        ("https://proxy.acme.com/rest", .custom),
        ("http://127.0.0.1:8787", .custom),
        ("not a url", .custom),
    ])
    func classification(url: String, expected: EnvironmentClass) {
        #expect(ZuoraEnvironment.classify(url: url) == expected)
    }

    @Test func theTableHasEveryDocumentedHostOnce() {
        let hosts = ZuoraEnvironment.known.map(\.host)
        #expect(hosts.count == 11)
        #expect(Set(hosts).count == hosts.count)
        #expect(ZuoraEnvironment.known.filter(\.retired).map(\.host) == ["rest.pt1.zuora.com"])
        #expect(hosts.allSatisfy { $0.hasPrefix("rest.") && $0.hasSuffix("zuora.com") })
    }

    @Test func badgesNeverRelyOnColour() {
        #expect(EnvironmentClass.allCases.map(\.badge) == ["PROD", "SANDBOX", "TEST", "CUSTOM"])
    }
}
