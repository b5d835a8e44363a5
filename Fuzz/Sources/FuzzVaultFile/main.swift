// Fuzzes the vault and export file parser: header, KDF parameters, sealed key and sealed
// payload, and the decoding of what a seal holds.
//
// The first byte picks a mode. 2 (mod 4): the rest is a format 2 vault less its two digests:
// the index digest (over the header and the index its last four bytes say is there) and the
// trailing digest are computed and appended, so the header, index and length checks are
// reached, and it is inspected as `doctor` does. Other even modes: the rest is a whole file, to
// which the correct trailing SHA-256 is appended (otherwise nearly every input would stop at
// the checksum); it is inspected and, when its KDF cost is the cheapest allowed, opened as an
// export with the seed's passphrase. Odd: the rest is the plaintext a seal would hold, decoded
// as an export and as a vault payload.
import CredentialVault
import Crypto
import FuzzSupport
import Foundation
import ZTenantCore

private let passphrase = Passphrase("fuzz-passphrase")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzVaultFile(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    var input = FuzzInput(start, count)
    let mode = input.byte()
    let body = input.rest()
    if mode % 4 == 2 {
        var file = body
        if file.count >= 19 {
            let stated = file.suffix(4).reduce(0) { $0 << 8 | Int($1) }
            let headerLength = 15 + Int(file[14]) + 2 + 16
            var hasher = SHA256()
            if headerLength <= file.count, stated <= file.count - headerLength {
                hasher.update(data: file[..<headerLength])
                hasher.update(data: file[(file.count - stated)...])
            } else {
                hasher.update(data: file)
            }
            file += Array(hasher.finalize())
        }
        file += Array(SHA256.hash(data: file))
        _ = try? VaultInspection.inspect(bytes: file, path: "fuzz.ztv")
    } else if mode % 2 == 0 {
        let file = body + Array(SHA256.hash(data: body))
        guard let inspection = try? VaultInspection.inspect(bytes: file, path: "fuzz.ztv") else { return 0 }
        // Deriving at a file's own cost is the point of the caps; here only the cheapest
        // cost is derived, so the fuzzer explores the seals rather than scrypt.
        let cheap = inspection.parameters.logN == KDFParameters.minLogN && inspection.parameters.r <= 8
            && inspection.parameters.p <= 2
        if cheap, inspection.isExport {
            if let export = try? SealedExport<ExportPayload>.read(bytes: file, path: "fuzz.ztv", passphrase: passphrase) {
                for profile in export.profiles { _ = ProfileValidation.problems(in: profile) }
            }
        }
    } else {
        let data = Data(body)
        _ = try? JSONDecoder().decode(ExportPayload.self, from: data)
        _ = try? VaultPayload(legacy: data)
    }
    return 0
}
