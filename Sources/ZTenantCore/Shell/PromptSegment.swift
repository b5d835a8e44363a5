import Foundation

/// The prompt segment of a `ztenant shell` (`⎈ PROD acme-prod-eu 12m`), built from the
/// environment alone: no vault, no agent, no network.
public enum PromptSegment {
    /// The variables `ztenant shell` sets for it.
    public static let profileVariable = "ZTENANT_PROFILE"
    public static let classVariable = "ZTENANT_ENV_CLASS"
    public static let expiresVariable = "ZTENANT_SESSION_EXPIRES_AT"

    /// The default format: the production marker, the class badge, the profile, the minutes left.
    public static let defaultFormat = "{marker}{class} {profile} {left}"

    /// The glyph that marks production without colour, so it survives `NO_COLOR`.
    public static let productionMarker = "⎈ "

    /// The segment for an environment, or nil outside a ztenant shell.
    ///
    /// Placeholders: `{marker}` (`⎈ ` for production, else nothing), `{class}` (`PROD`,
    /// `SANDBOX`, `TEST`, `CUSTOM`), `{profile}`, `{left}` (`12m`, `<1m` or `expired`),
    /// `{minutes}` (the bare number, zero or less once expired).
    public static func render(environment: [String: String], now: Date = Date(), format: String = defaultFormat) -> String? {
        guard let profile = environment[profileVariable], !profile.isEmpty else { return nil }
        let environmentClass = environment[classVariable].flatMap(EnvironmentClass.init(rawValue:)) ?? .custom
        let expires = environment[expiresVariable].flatMap(Double.init).map { Date(timeIntervalSince1970: $0) }
        // Whole minutes, with integer division as the shell functions do it.
        let seconds = expires.map { Int($0.timeIntervalSince(now)) }
        let minutes = seconds.map { $0 / 60 }
        let left = seconds.map { $0 >= 60 ? "\($0 / 60)m" : $0 > 0 ? "<1m" : "expired" } ?? "?"
        return format
            .replacingOccurrences(of: "{marker}", with: environmentClass == .production ? productionMarker : "")
            .replacingOccurrences(of: "{class}", with: environmentClass.badge)
            .replacingOccurrences(of: "{profile}", with: profile)
            .replacingOccurrences(of: "{left}", with: left)
            .replacingOccurrences(of: "{minutes}", with: minutes.map(String.init) ?? "?")
    }

    /// Shell code that keeps `ZTENANT_PROMPT` equal to ``render(environment:now:format:)`` with
    /// the default format, computed by the shell itself before each prompt (no process, no
    /// subshell: builtins and `$EPOCHSECONDS` only), for `bash` (5 or newer) or `zsh`.
    public static func shellFunction(for shell: String) -> String? {
        let body = """
            __ztenant_prompt() {
              if [ -z "${ZTENANT_PROFILE-}" ]; then ZTENANT_PROMPT=""; return; fi
              local marker="" class left
              case "${ZTENANT_ENV_CLASS-}" in
                production) class=PROD; marker="\(productionMarker)" ;;
                sandbox) class=SANDBOX ;;
                test) class=TEST ;;
                *) class=CUSTOM ;;
              esac
              if [ -n "${ZTENANT_SESSION_EXPIRES_AT-}" ]; then
                left=$(( ZTENANT_SESSION_EXPIRES_AT - EPOCHSECONDS ))
                if [ "$left" -ge 60 ]; then left="$(( left / 60 ))m"
                elif [ "$left" -gt 0 ]; then left="<1m"
                else left="expired"; fi
              else
                left="?"
              fi
              ZTENANT_PROMPT="${marker}${class} ${ZTENANT_PROFILE} ${left}"
            }
            """
        switch shell {
        case "bash":
            return body + """

                PROMPT_COMMAND="__ztenant_prompt${PROMPT_COMMAND:+;$PROMPT_COMMAND}"
                # Use it in PS1, e.g.: PS1='${ZTENANT_PROMPT:+[$ZTENANT_PROMPT] }\\w \\$ '
                """
        case "zsh":
            return "zmodload zsh/datetime\n" + body + """

                typeset -ga precmd_functions
                precmd_functions+=(__ztenant_prompt)
                setopt prompt_subst
                # Use it in PROMPT, e.g.: PROMPT='${ZTENANT_PROMPT:+[$ZTENANT_PROMPT] }%~ %# '
                """
        default:
            return nil
        }
    }
}
