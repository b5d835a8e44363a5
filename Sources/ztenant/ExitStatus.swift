import ZuoraAPI

/// The process exit codes (docs/commands.md), in one place for the help text and the commands.
enum ExitStatus {
    static let success: Int32 = 0
    static let unexpected: Int32 = 1
    static let usage: Int32 = 2
    static let locked: Int32 = 3
    static let corrupted: Int32 = 4
    static let noSuchProfile: Int32 = 10
    static let someChecksFailed: Int32 = 30

    static let helpText = """
        Exit codes:
          0  success                        20  auth_failed
          1  unexpected error               21  permission_denied, entity_error
          2  usage or invalid input,        22  timeout, network_error, tls_error
             invalid_profile, bad settings  23  rate_limited
          3  vault locked, wrong passphrase 24  server_error, protocol_error
             or no passphrase source        25  not_checked (held back by a 429)
          4  vault corrupted or unsupported 30  check of several profiles: some failed
         10  no such profile
        129, 130, 141, 143: check stopped by SIGHUP, SIGINT, a closed pipe, SIGTERM
        """
}
