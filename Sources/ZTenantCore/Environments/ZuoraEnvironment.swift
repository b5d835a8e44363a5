import Foundation

/// One of Zuora's published REST hosts.
public struct ZuoraEnvironment: Sendable, Hashable, Identifiable {
    /// A short stable key, e.g. `us-sandbox-cloud1`.
    public let id: String
    /// The name Zuora uses, e.g. `US API Sandbox (Cloud 1)`.
    public let name: String
    /// The REST base URL.
    public let baseURL: String
    /// Production, sandbox or test.
    public let environmentClass: EnvironmentClass
    /// Whether Zuora has retired it.
    public let retired: Bool

    /// The host part of ``baseURL``.
    public var host: String { URLComponents(string: baseURL)?.host ?? baseURL }

    /// Every known REST host, from Zuora's documentation (listed in docs/commands.md, Environments).
    public static let known: [ZuoraEnvironment] = [
        .init(id: "us-production-cloud1", name: "US Production (Cloud 1)", baseURL: "https://rest.na.zuora.com", environmentClass: .production, retired: false),
        .init(id: "us-sandbox-cloud1", name: "US API Sandbox (Cloud 1)", baseURL: "https://rest.sandbox.na.zuora.com", environmentClass: .sandbox, retired: false),
        .init(id: "us-production-cloud2", name: "US Production (Cloud 2)", baseURL: "https://rest.zuora.com", environmentClass: .production, retired: false),
        .init(id: "us-sandbox-cloud2", name: "US API Sandbox (Cloud 2)", baseURL: "https://rest.apisandbox.zuora.com", environmentClass: .sandbox, retired: false),
        .init(id: "us-test", name: "US Developer & Central Sandbox", baseURL: "https://rest.test.zuora.com", environmentClass: .test, retired: false),
        .init(id: "eu-production", name: "EU Production", baseURL: "https://rest.eu.zuora.com", environmentClass: .production, retired: false),
        .init(id: "eu-sandbox", name: "EU API Sandbox", baseURL: "https://rest.sandbox.eu.zuora.com", environmentClass: .sandbox, retired: false),
        .init(id: "eu-test", name: "EU Developer & Central Sandbox", baseURL: "https://rest.test.eu.zuora.com", environmentClass: .test, retired: false),
        .init(id: "apac-production", name: "APAC Production", baseURL: "https://rest.ap.zuora.com", environmentClass: .production, retired: false),
        .init(id: "apac-test", name: "APAC Developer & Central Sandbox", baseURL: "https://rest.test.ap.zuora.com", environmentClass: .test, retired: false),
        .init(id: "us-performance-test", name: "US Performance Test (retired)", baseURL: "https://rest.pt1.zuora.com", environmentClass: .test, retired: true),
    ]

    /// The known environment a URL points at (by host, any path), or nil for a custom host.
    public static func matching(url: String) -> ZuoraEnvironment? {
        guard let host = URLComponents(string: url.trimmingCharacters(in: .whitespaces))?.host?.lowercased() else { return nil }
        return known.first { $0.host == host }
    }

    /// Classifies any URL: a known Zuora host gets its documented class; anything else is
    /// ``EnvironmentClass/custom``.
    public static func classify(url: String) -> EnvironmentClass {
        matching(url: url)?.environmentClass ?? .custom
    }
}
