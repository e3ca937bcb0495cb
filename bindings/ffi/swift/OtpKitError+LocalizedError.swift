// Hand-written part of the Swift module `OtpKit`, compiled with the generated OtpKit.swift.
// Every OtpKitError carries the user-facing message from the Rust core (what was wrong and how
// to fix it); this makes it the error's `localizedDescription`.

import Foundation

extension OtpKitError: LocalizedError {
    /// What went wrong and how to fix it, ready to show to the user.
    public var message: String {
        switch self {
        case .InvalidInput(let message),
            .ClockUnusable(let message),
            .VaultNotFound(let message),
            .WrongPassphrase(let message),
            .PasswordRequired(let message),
            .KeyUnavailable(let message),
            .Cancelled(let message),
            .LastKeySlot(let message),
            .VaultCorrupt(let message),
            .NewerVersion(let message),
            .ChangedElsewhere(let message),
            .Storage(let message):
            return message
        }
    }

    public var errorDescription: String? { message }
}
