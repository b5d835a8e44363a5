import ZuoraAPI

extension ConnectionClient {
    /// Logs in as a profile: `POST /v1/connections` with a user's password, or
    /// `POST /oauth/token` for an OAuth client. Either way an outcome with the same statuses,
    /// whose `session` is the ZSession or the access token.
    public func login(_ profile: Profile) async -> ConnectionOutcome {
        switch profile.auth {
        case .password: await connect(profile.credentials)
        case .oauth: await token(profile.oauthCredentials)
        }
    }
}
