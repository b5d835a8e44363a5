import Foundation

/// A fully checked `POST {base}/oauth/token` request, ready to send: the form body holds the
/// client secret, so it is wiped when the request is dropped.
public final class TokenRequest: Sendable {
    /// The token URL, e.g. `https://rest.zuora.com/oauth/token`.
    public let url: String
    /// The endpoint it was derived from (host, port, TLS), for transport errors.
    public let endpoint: ConnectionEndpoint
    /// The headers, in order. No secret is in them.
    public let headers: [(name: String, value: String)]
    /// The `Zuora-Track-Id` sent.
    public let trackId: String
    /// `client_id`, `client_secret` and `grant_type`, form-encoded.
    let body: SecretBytes

    private init(url: String, endpoint: ConnectionEndpoint, headers: [(name: String, value: String)], trackId: String, body: SecretBytes) {
        self.url = url
        self.endpoint = endpoint
        self.headers = headers
        self.trackId = trackId
        self.body = body
    }

    /// Builds the request, or returns every problem found.
    public static func make(_ credentials: OAuthCredentials, trackId: String = ConnectionRequest.newTrackId())
        -> Result<TokenRequest, ProfileProblems>
    {
        var problems: [String] = []
        var endpoint: ConnectionEndpoint?
        switch ConnectionEndpoint.make(baseURL: credentials.baseURL) {
        case .success(let made): endpoint = made
        case .failure(let found): problems += found.messages
        }
        if credentials.clientId.isEmpty {
            problems.append("client id is empty: give the OAuth client's id")
        } else if !credentials.clientId.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) {
            problems.append("client id contains spaces, control or non-ASCII characters")
        }
        let secret = credentials.clientSecret.reveal()
        if secret.isEmpty {
            problems.append("client secret is empty")
        } else if secret.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            problems.append("client secret contains control characters (a line break?)")
        }
        for id in credentials.entityIds where id.isEmpty || !id.allSatisfy({ $0.isASCII && ($0.isHexDigit || $0 == "-") }) {
            problems.append("entity id '\(TextSanitizer.sanitize(id, limit: 40))' is not a hexadecimal id (8-4-4-4-12)")
        }
        guard problems.isEmpty, let endpoint else { return .failure(ProfileProblems(problems)) }

        var headers: [(name: String, value: String)] = [
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Accept", "application/json"),
            ("User-Agent", ZTenantVersion.userAgent),
            ("Zuora-Track-Id", trackId),
        ]
        if !credentials.entityIds.isEmpty {
            headers.append(("Zuora-Entity-Ids", credentials.entityIds.joined(separator: ",")))
        }
        let form = "client_id=" + formEncoded(credentials.clientId) + "&client_secret=" + formEncoded(secret)
            + "&grant_type=client_credentials"
        return .success(TokenRequest(url: endpoint.tokenURL, endpoint: endpoint, headers: headers, trackId: trackId,
            body: SecretBytes(Array(form.utf8))))
    }

    /// `application/x-www-form-urlencoded` for one value: everything but unreserved characters
    /// percent-encoded (a secret holds `=`, `/` and `+`).
    static func formEncoded(_ value: String) -> String {
        var result = ""
        for byte in value.utf8 {
            let scalar = Unicode.Scalar(byte)
            if (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || "-._~".unicodeScalars.contains(scalar) {
                result.unicodeScalars.append(scalar)
            } else {
                result += String(format: "%%%02X", byte)
            }
        }
        return result
    }
}

/// Bytes holding a secret, zeroed when released.
final class SecretBytes: @unchecked Sendable {
    private(set) var bytes: [UInt8]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    deinit {
        for index in bytes.indices { bytes[index] = 0 }
    }
}
