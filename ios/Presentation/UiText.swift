import Foundation

/// A user-facing text: a key of the app's String Catalog and the values its placeholders take.
/// The view models hand these to the screens, which look the template up in the user's language
/// and `render` it; so every word is in the catalog (tools/strings, generated) and every sentence
/// a view model makes is tested here by key and values. `Texts` has one typed constructor per key.
public struct UiText: Sendable, Equatable, Hashable {
    public let key: String
    public let args: [String: UiArg]

    public init(_ key: String, _ args: [String: UiArg] = [:]) {
        self.key = key
        self.args = args
    }

    /// The text in one language: `template` gives the catalog's text for a key (nil when
    /// missing, then the key shows, a bug the tests catch). `{name}` placeholders are filled; one
    /// without a value stays as written.
    public func render(_ template: (String) -> String?) -> String {
        guard let raw = template(key) else { return key }
        var out = ""
        var rest = raw[...]
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            let name = String(rest[rest.index(after: open)..<close])
            switch args[name] {
            case .plain(let text): out += text
            case .number(let value): out += String(value)
            case .text(let text): out += text.render(template)
            case nil: out += rest[open...close]
            }
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }
}

/// A placeholder's value: shown as it is, a number, or another text in the same language.
public indirect enum UiArg: Sendable, Equatable, Hashable {
    case plain(String)
    case number(Int64)
    case text(UiText)
}
