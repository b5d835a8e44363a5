// Fuzzes the theme loader: a theme file is user-editable TOML read at startup, and a broken
// one must be reported with its path and line, never crash the TUI.
import FuzzSupport
import ZTenantCore
import ZTenantThemes

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTheme(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
    do {
        let theme = try Theme.parse(text, name: "fuzz", source: "fuzz.toml")
        for role in ThemeRole.allCases {
            let style = theme.style(role)
            for colors in [8, 16, 256] {
                _ = style.foreground.index(forTerminalColors: colors)
                _ = style.background.index(forTerminalColors: colors)
            }
        }
    } catch let error as ThemeError {
        Invariant.displaySafe(error.description, "theme error")
    } catch {
        fatalError("Theme.parse threw something other than ThemeError: \(error)")
    }
    for line in text.split(separator: "\n").prefix(8) {
        _ = ThemeColor.parse(String(line))
    }
    return 0
}
