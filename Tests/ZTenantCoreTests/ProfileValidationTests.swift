import Testing
import ZTenantCore
import ZuoraAPI

@Suite("Profiles are validated with every problem reported at once")
struct ProfileValidationTests {
    let good = Profile(name: "acme-prod", baseURL: "https://rest.zuora.com", user: "api@acme.com", password: Secret("s3cret"))

    @Test func aGoodProfileHasNoProblems() {
        #expect(ProfileValidation.problems(in: good).isEmpty)
    }

    @Test func everyProblemIsReportedWithItsField() {
        var profile = good
        profile.name = "bad name!"
        profile.baseURL = "http://rest.zuora.com"
        profile.user = " api@acme.com"
        profile.password = Secret("pw\n")
        profile.entity = .id("not-hex-zz")
        profile.tags = ["ok", "has space"]
        profile.sessionTimeoutMinutes = 5
        let fields = Set(ProfileValidation.problems(in: profile).map(\.field))
        #expect(fields == [.name, .url, .user, .password, .entity, .tags, .sessionTimeout])
    }

    @Test(arguments: ["a", "acme-prod", "acme_eu.sandbox", "ops@acme", "東京-prod", "x1"])
    func acceptableNames(name: String) {
        #expect(ProfileValidation.nameProblems(name).isEmpty)
    }

    @Test(arguments: ["", "-leading", "has space", "semi;colon", "quote'", String(repeating: "a", count: 65), "tab\tname"])
    func unacceptableNames(name: String) {
        #expect(!ProfileValidation.nameProblems(name).isEmpty)
    }

    @Test func plainHTTPIsAllowedForLoopbackOnly() {
        var profile = good
        profile.baseURL = "http://127.0.0.1:8787"
        #expect(ProfileValidation.problems(in: profile).isEmpty)
        profile.baseURL = "http://rest.zuora.com"
        #expect(ProfileValidation.problems(in: profile).map(\.field) == [.url])
    }

    @Test func passwordProblemsNeverQuoteThePassword() {
        var profile = good
        profile.password = Secret(" leaky-secret ")
        let messages = ProfileValidation.problems(in: profile).map(\.message).joined()
        #expect(!messages.contains("leaky-secret"))
        #expect(messages.contains("leading or trailing spaces"))
    }

    @Test func credentialsCarryTheEntitySelector() {
        var profile = good
        profile.entity = .name("Europe")
        #expect(profile.credentials.entity == .name("Europe"))
        #expect(profile.credentials.password == good.password)
    }
}

@Suite("Tables fit the terminal")
struct TextTableTests {
    @Test func columnsShrinkThenLowPriorityOnesAreDropped() {
        let table = TextTable(columns: [.init("NAME", minimum: 4), .init("NOTE", minimum: 4, priority: 10), .init("STATUS", minimum: 22)],
            rows: [["a-very-long-profile-name", "some long note here", "✗ auth_failed 90000011"]])
        let wide = table.render(width: 120)
        #expect(wide[1].contains("a-very-long-profile-name") && wide[1].contains("some long note here"))
        let shrunk = table.render(width: 40)
        #expect(shrunk.allSatisfy { DisplayWidth.of($0) <= 40 })
        #expect(shrunk[1].hasSuffix("✗ auth_failed 90000011"), "a column is not cut below its minimum: \(shrunk)")
        #expect(shrunk[0].contains("NOTE"))
        let narrow = table.render(width: 30)
        #expect(narrow.allSatisfy { DisplayWidth.of($0) <= 30 })
        #expect(!narrow[0].contains("NOTE"), "the low-priority column gave way: \(narrow)")
        #expect(narrow[1].hasSuffix("✗ auth_failed 90000011"))
    }

    @Test func wideCharactersCountTwoColumns() {
        #expect(DisplayWidth.of("東京") == 4)
        #expect(DisplayWidth.truncate("東京大阪", to: 5) == "東京…")
        #expect(DisplayWidth.pad("ab", to: 4) == "ab  ")
        #expect(DisplayWidth.of("e\u{301}") == 1)
    }
}
