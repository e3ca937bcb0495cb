/// The user's text for an FFI error reason: key `error_<reason>` (tools/strings/errors.toml), its
/// placeholders filled from the error's details. The bridge passes the reason's name (snake case
/// or Swift's camel case); a `{field}`, `{format}` or `{slot}` is a translated word when the
/// catalog has one (`field_issuer`, `format_aegis`, `slot_platform`), else shown as it is.
public enum ErrorText {
    public static func of(
        _ reason: String,
        position: Int64? = nil, value: Int64? = nil, length: Int64? = nil, limit: Int64? = nil,
        field: String? = nil, found: String? = nil, server: String? = nil,
        format: String? = nil, slot: String? = nil
    ) -> UiText {
        var args: [String: UiArg] = [:]
        if let position { args["position"] = .number(position) }
        if let value { args["value"] = .number(value) }
        if let length { args["length"] = .number(length) }
        if let limit { args["limit"] = .number(limit) }
        if let field { args["field"] = word("field_", field) }
        if let found { args["found"] = .plain(found) }
        if let server { args["server"] = .plain(server) }
        if let format { args["format"] = word("format_", format) }
        if let slot { args["slot"] = word("slot_", slot) }
        return UiText("error_" + snakeCase(reason), args)
    }

    /// `secretNotBase32` -> `secret_not_base32`, `parameter name` -> `parameter_name`; snake case stays.
    public static func snakeCase(_ name: String) -> String {
        var out = ""
        for character in name {
            if character == " " {
                out += "_"
            } else if character.isUppercase {
                if !out.isEmpty { out += "_" }
                out += character.lowercased()
            } else {
                out.append(character)
            }
        }
        return out
    }

    private static func word(_ prefix: String, _ value: String) -> UiArg {
        let key = prefix + snakeCase(value)
        return Texts.keys.contains(key) ? .text(UiText(key)) : .plain(value)
    }
}
