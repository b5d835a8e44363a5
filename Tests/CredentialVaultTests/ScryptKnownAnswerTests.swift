import CredentialVault
import Testing

@Suite("scrypt matches RFC 7914's test vectors")
struct ScryptKnownAnswerTests {
    static func hex(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            bytes.append(UInt8(text[index..<next], radix: 16)!)
            index = next
        }
        return bytes
    }

    // A.4 (N = 2^20) is left out: it takes seconds in a debug build and adds nothing the
    // other three do not check.
    @Test(arguments: [
        ("", "", 16, 1, 1, "77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906"),
        ("password", "NaCl", 1024, 8, 16, "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640"),
        ("pleaseletmein", "SodiumChloride", 16384, 8, 1, "7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2d5432955613f0fcf62d49705242a9af9e61e85dc0d651e40dfcf017b45575887"),
    ])
    func rfc7914(password: String, salt: String, n: Int, r: Int, p: Int, expected: String) throws {
        let derived = try KeyDerivation.scrypt(password: Array(password.utf8), salt: Array(salt.utf8), n: n, r: r, p: p, length: 64)
        #expect(derived == Self.hex(expected))
    }

    @Test func parametersOverTheCapsAreRefusedBeforeAnyWork() {
        for parameters in [KDFParameters(logN: 21), KDFParameters(logN: 17, r: 8, p: 17), KDFParameters(logN: 9),
            KDFParameters(logN: 20, r: 32, p: 16), KDFParameters(logN: 17, r: 0)]
        {
            let cost = parameters.capViolation ?? "accepted"
            #expect(throws: VaultError.kdfParametersOutOfRange(parameters: parameters.description, cost: cost)) {
                _ = try KeyDerivation.deriveKey(passphrase: Passphrase("x"), salt: Array(repeating: 0, count: 32), parameters: parameters)
            }
        }
    }

    /// Security finding 4: the old per-factor caps (N ≤ 2^20, r ≤ 32, p ≤ 16) let a file ask
    /// for 4 GiB and ~500× the default work; the caps now bound memory and work themselves.
    @Test func theCapsBoundMemoryAndWorkNotEachFactor() {
        let greedy = KDFParameters(logN: 20, r: 32, p: 16)
        #expect(greedy.capViolation == "it would need 4 GiB of memory (the cap is 1 GiB); it would take 512× the default's work (the cap is 16×)")
        #expect(KDFParameters(logN: 20, r: 16, p: 1).capViolation == "it would need 2 GiB of memory (the cap is 1 GiB)")
        #expect(KDFParameters(logN: 17, r: 8, p: 32).capViolation == "it would take 32× the default's work (the cap is 16×)")
        #expect(KDFParameters(logN: 255, r: 255, p: 255).capViolation?.contains("N must be 2^10…2^20") == true)
        // At the edges: exactly 1 GiB and exactly 16× are allowed.
        #expect(KDFParameters(logN: 20, r: 8, p: 1).isWithinCaps)
        #expect(KDFParameters(logN: 20, r: 8, p: 2).isWithinCaps)
        #expect(!KDFParameters(logN: 20, r: 8, p: 3).isWithinCaps)
        #expect(KDFParameters.default.isWithinCaps)
        for logN in KDFParameters.minLogN...KDFParameters.maxLogN {
            for r in [UInt8(1), 8, 32, 255] {
                for p in [UInt8(1), 4, 16, 255] {
                    let parameters = KDFParameters(logN: logN, r: r, p: p)
                    #expect(parameters.isWithinCaps == (parameters.memoryBytes - 128 * Int(r) * Int(p) <= 1 << 30
                        && parameters.work <= 16 * KDFParameters.default.work), "\(parameters)")
                }
            }
        }
    }
}
