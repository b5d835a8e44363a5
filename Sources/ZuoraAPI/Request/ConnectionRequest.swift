import Foundation

/// A fully checked `POST /v1/connections` request, ready to send.
///
/// Building one validates everything that can be known before the network is touched;
/// failure here becomes the `invalid_profile` outcome.
public struct ConnectionRequest: Sendable {
    /// Where the request goes.
    public let endpoint: ConnectionEndpoint
    /// The headers to send, in order. Contains the password: never log this list.
    public let headers: [(name: String, value: String)]
    /// The `Zuora-Track-Id` sent with this call, echoed back by Zuora.
    public let trackId: String

    /// Builds the request for some credentials, or returns every problem found.
    public static func make(
        _ credentials: ConnectionCredentials,
        trackId: String = ConnectionRequest.newTrackId()
    ) -> Result<ConnectionRequest, ProfileProblems> {
        var problems: [String] = []
        var endpoint: ConnectionEndpoint?
        switch ConnectionEndpoint.make(baseURL: credentials.baseURL) {
        case .success(let made): endpoint = made
        case .failure(let found): problems += found.messages
        }
        problems += headerProblems(credentials)
        guard problems.isEmpty, let endpoint else { return .failure(ProfileProblems(problems)) }

        var headers: [(name: String, value: String)] = [
            ("apiAccessKeyId", credentials.user),
            ("apiSecretAccessKey", credentials.password.reveal()),
            ("Content-Type", "application/json"),
            ("Accept", "application/json"),
            ("User-Agent", ZTenantVersion.userAgent),
            ("Zuora-Track-Id", trackId),
        ]
        if let entity = credentials.entity.header {
            headers.append(entity)
        }
        return .success(ConnectionRequest(endpoint: endpoint, headers: headers, trackId: trackId))
    }

    /// The request that swaps an OAuth access token for a ZSession: `POST /v1/connections` with
    /// only `Authorization: Bearer` (and the entity header when the token covers several).
    public static func exchange(baseURL: String, token: Secret, entityIds: [String], trackId: String = ConnectionRequest.newTrackId())
        -> Result<ConnectionRequest, ProfileProblems>
    {
        switch ConnectionEndpoint.make(baseURL: baseURL) {
        case .failure(let problems):
            return .failure(problems)
        case .success(let endpoint):
            guard SessionCookie.isSafe(token.reveal()) else { return .failure(["the access token holds characters a header cannot carry"]) }
            var headers: [(name: String, value: String)] = [
                ("Authorization", "Bearer " + token.reveal()),
                ("Content-Type", "application/json"),
                ("Accept", "application/json"),
                ("User-Agent", ZTenantVersion.userAgent),
                ("Zuora-Track-Id", trackId),
            ]
            if !entityIds.isEmpty { headers.append(("Zuora-Entity-Ids", entityIds.joined(separator: ","))) }
            return .success(ConnectionRequest(endpoint: endpoint, headers: headers, trackId: trackId))
        }
    }

    /// A fresh track id: `ztenant-` and a random UUID, 44 US-ASCII characters with none of
    /// the characters Zuora forbids (`:` `;` `"` `'`).
    public static func newTrackId() -> String {
        "ztenant-" + UUID().uuidString.lowercased()
    }

    private static func headerProblems(_ credentials: ConnectionCredentials) -> [String] {
        var problems: [String] = []
        if credentials.user.isEmpty {
            problems.append("user is empty: give the API user name")
        } else if !isHeaderSafe(credentials.user) {
            problems.append("user contains control or non-printable characters")
        }
        let password = credentials.password.reveal()
        if password.isEmpty {
            problems.append("password is empty")
        } else if !isHeaderSafe(password) {
            problems.append("password contains control characters (a line break?) and cannot be sent in a header")
        }
        switch credentials.entity {
        case .none: break
        case .id(let value), .name(let value):
            if value.isEmpty {
                problems.append("entity is empty: give an entity id or name, or none")
            } else if !isHeaderSafe(value) {
                problems.append("entity contains control characters")
            }
        }
        return problems
    }

    /// HTTP header values may carry visible characters and inner spaces, nothing that could
    /// end the header line or start a new one.
    private static func isHeaderSafe(_ value: String) -> Bool {
        value.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F }
    }
}
