// The app's String Catalog (ios/App/Localizable.xcstrings, generated from tools/strings), read
// as JSON, so tests can render a UiText in each language the app ships.

import Foundation
import OtpKitPresentation

enum Catalogs {
    static let languages = ["en", "nl", "fr"]

    /// language -> key -> text.
    static let byLanguage: [String: [String: String]] = {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../App/Localizable.xcstrings")
        guard let data = try? Data(contentsOf: file),
              let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let strings = json["strings"] as? [String: [String: Any]]
        else { fatalError("cannot read \(file.path)") }
        var out: [String: [String: String]] = [:]
        for (key, entry) in strings {
            let localizations = entry["localizations"] as? [String: [String: [String: String]]] ?? [:]
            for (lang, unit) in localizations {
                out[lang, default: [:]][key] = unit["stringUnit"]?["value"]
            }
        }
        return out
    }()

    static func render(_ text: UiText, _ language: String) -> String {
        text.render { byLanguage[language]?[$0] }
    }
}

func uiTextTests(_ suite: Suite) async {
    await suite.test("text: render fills numbers, plain values and nested texts, and leaves the rest") {
        let templates = ["outer": "{what} is {n} {inner} {missing}", "inner": "<{x}>"]
        let text = UiText("outer", ["what": .plain("it"), "n": .number(-12), "inner": .text(UiText("inner", ["x": .plain("{n}")]))])
        try expectEqual(text.render { templates[$0] }, "it is -12 <{n}> {missing}")
        try expectEqual(UiText("nowhere").render { templates[$0] }, "nowhere", "a missing key shows as itself")
        try expectEqual(UiText("inner", ["x": .plain("é")]).render { _ in "{x" }, "{x", "an unclosed brace stays")
    }

    await suite.test("text: every key is in every language of the catalog, and nothing else is") {
        for lang in Catalogs.languages {
            try expectEqual(Set(Catalogs.byLanguage[lang]?.keys ?? [:].keys), Texts.keys, lang)
        }
    }

    await suite.test("text: the drift banner says how far off the clock is, in each language") {
        let fast = try unwrap(DriftBanner.from(DriftReport(status: .bad, message: "core's English", offsetMs: -47_200, fresh: true)))
        try expectEqual(Catalogs.render(fast.title, "en"), "Your phone's clock is 47 s fast")
        try expectEqual(Catalogs.render(fast.title, "nl"), "De klok van je telefoon loopt 47 s voor")
        try expectEqual(Catalogs.render(fast.title, "fr"), "L'horloge de votre téléphone avance de 47 s")
        try expectEqual(Catalogs.render(fast.actionLabel, "nl"), "Open Instellingen › Algemeen › Datum en tijd")
        try expectEqual(Catalogs.render(DriftBanner.title(offsetMs: 3 * 3_600_000 + 121_000), "nl"), "De klok van je telefoon loopt 3 u 2 min achter")
        try expectEqual(Catalogs.render(DriftBanner.title(offsetMs: (2 * 24 + 5) * 3_600_000), "fr"), "L'horloge de votre téléphone retarde de 2 j 5 h")
    }
}

func unwrap<T>(_ value: T?, line: Int = #line) throws -> T {
    guard let value else { throw Failure(description: "line \(line): unexpected nil") }
    return value
}

func errorTextTests(_ suite: Suite) async {
    await suite.test("error text: a reason's details, with fields, formats and slots in the user's words") {
        let text = ErrorText.of("nameTooLong", length: 80, limit: 64, field: "issuer", format: "twoFas", slot: "platform")
        try expectEqual(text.key, "error_name_too_long")
        try expectEqual(text.args["length"], .number(80))
        try expectEqual(text.args["limit"], .number(64))
        try expectEqual(text.args["field"], .text(UiText("field_issuer")))
        try expectEqual(text.args["format"], .text(UiText("format_two_fas")))
        try expectEqual(text.args["slot"], .text(UiText("slot_platform")))
        try expectEqual(ErrorText.of("badPercentEncoding", field: "parameter name").args["field"], .text(UiText("field_parameter_name")))
        try expectEqual(ErrorText.of("invalidArgument", field: "atUnixSeconds").args["field"], .plain("atUnixSeconds"))
        try expectEqual(ErrorText.of("secret_empty"), UiText("error_secret_empty"), "snake case stays")
        let found = ErrorText.of("steamAlgorithm", position: 3, value: -1, found: "SHA256", server: "pool.ntp.org")
        try expectEqual(found.args, ["found": .plain("SHA256"), "server": .plain("pool.ntp.org"), "position": .number(3), "value": .number(-1)])
    }

    await suite.test("error text: reads in every language") {
        let text = ErrorText.of("nameTooLong", length: 80, limit: 64, field: "issuer")
        for lang in Catalogs.languages {
            let rendered = Catalogs.render(text, lang)
            try expect(!rendered.contains("{") && !rendered.contains("error_") && !rendered.contains("field_"), "\(lang): \(rendered)")
        }
    }
}
