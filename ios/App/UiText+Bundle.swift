import Foundation
import OtpKitPresentation

extension UiText {
    /// The text in the user's language: the String Catalog's raw text of each key, filled by the
    /// tested `render`. A missing key shows as itself.
    var localized: String {
        render { key in
            let text = Bundle.main.localizedString(forKey: key, value: "\u{0}", table: nil)
            return text == "\u{0}" ? nil : text
        }
    }
}
