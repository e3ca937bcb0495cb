// Hand-written part of the Swift module `OtpKit`, compiled with the generated OtpKit.swift.
// Every OtpKitError carries a stable `reason()` with its `details()` (for the app's own,
// translated text) and core's English text (what was wrong and how to fix it, never a secret);
// this makes that text the error's `localizedDescription`, the fallback when the app has no
// string for a reason.

import Foundation

extension OtpKitError: LocalizedError {
    /// Core's English message: for logs, and shown when the app has no text of its own.
    public var message: String {
        switch self {
        case .InvalidInput(_, _, let text),
            .ClockUnusable(_, _, let text),
            .VaultNotFound(_, _, let text),
            .WrongPassphrase(_, _, let text),
            .PasswordRequired(_, _, let text),
            .KeyUnavailable(_, _, let text),
            .Cancelled(_, _, let text),
            .LastKeySlot(_, _, let text),
            .VaultCorrupt(_, _, let text),
            .NewerVersion(_, _, let text),
            .ChangedElsewhere(_, _, let text),
            .Storage(_, _, let text),
            .Internal(_, _, let text):
            return text
        }
    }

    public var errorDescription: String? { message }
}
