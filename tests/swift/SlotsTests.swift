// Key slots through the generated Swift: a vault made with a PlatformKeyStore gets a passphrase slot,
// and the passphrase alone opens it, with its accounts, after the platform key is lost (what a
// new Face ID enrollment does to a `.biometryCurrentSet` key). A new platform key never costs the
// old one before the vault is saved with it, and a cancelled prompt is its own error. The vault
// never loses its last slot.

import Foundation
import OtpKit

func slotsTests(_ suite: Suite) {
    let now = FixedWallClock(millis: 1_700_000_000_000)
    /// What SecureEnclaveKeyStore throws once the Keychain item is gone or invalidated.
    let gone = PlatformKeyError.Unavailable(reason: "the Face ID key is gone: unlock with the passphrase")

    suite.test("a passphrase slot opens a PlatformKeyStore vault with its accounts after the PlatformKeyStore's key is lost") {
        let path = tempVaultPath()
        let keyStore = MemoryKeyStore()
        let vault = try await Vault.createWithPlatformKeyStore(path: path, keyStore: keyStore, clock: now)
        _ = try vault.addUri(uri: rfcTotpUri)
        try expectEqual(vault.slotKinds(), [.platform])
        try await vault.setPassphrase(passphrase: "correct horse battery")
        try expectEqual(Set(vault.slotKinds()), [.passphrase, .platform])

        let lost = try await expectOtpKitError {
            try await Vault.openWithPlatformKeyStore(path: path, keyStore: ThrowingKeyStore(keyStore, gone), clock: now)
        }
        guard case .KeyUnavailable(_, _, let message) = lost else { throw Failure(description: "\(lost)") }
        try expect(message.contains("Face ID key is gone"), message)
        let reopened = try await Vault.openWithPassphrase(path: path, passphrase: "correct horse battery", clock: now)
        try expectEqual(reopened.accounts().map(\.label), ["totp@example.com"])
        // Re-enabling Face ID with a new key replaces the dead slot.
        let newKey = MemoryKeyStore()
        _ = try await reopened.setPlatformKey(keyStore: newKey)
        try expectEqual(reopened.slotKinds().count, 2)
        try expectEqual(try await Vault.openWithPlatformKeyStore(path: path, keyStore: newKey, clock: now).accounts().count, 1)
        let wrong = try await expectOtpKitError { try await Vault.openWithPassphrase(path: path, passphrase: "wrong", clock: now) }
        guard case .WrongPassphrase = wrong else { throw Failure(description: "\(wrong)") }
    }

    suite.test("removing the last slot is OtpKitError.LastKeySlot and the vault still opens") {
        let path = tempVaultPath()
        let keyStore = MemoryKeyStore()
        let vault = try await Vault.createWithPlatformKeyStore(path: path, keyStore: keyStore, clock: now)
        let last = try expectOtpKitError { try vault.removeSlot(kind: .platform) }
        guard case .LastKeySlot(_, _, let message) = last else { throw Failure(description: "\(last)") }
        try expect(message.contains("last key slot"), message)
        let absent = try expectOtpKitError { try vault.removeSlot(kind: .passphrase) }
        guard case .InvalidInput = absent else { throw Failure(description: "\(absent)") }
        try expectEqual(vault.slotKinds(), [.platform])
        try await vault.setPassphrase(passphrase: "pass phrase")
        try vault.removeSlot(kind: .platform)
        try expectEqual(vault.slotKinds(), [.passphrase])
        _ = try await Vault.openWithPassphrase(path: path, passphrase: "pass phrase", clock: now)
        let noPlatform = try await expectOtpKitError { try await Vault.openWithPlatformKeyStore(path: path, keyStore: keyStore, clock: now) }
        guard case .InvalidInput = noPlatform else { throw Failure(description: "\(noPlatform)") }
    }

    suite.test("a cancelled prompt during a key rotation is OtpKitError.Cancelled and keeps the old key") {
        let path = tempVaultPath()
        let keyStore = MemoryKeyStore()
        let vault = try await Vault.createWithPassphrase(path: path, passphrase: "recovery words", clock: now)
        try expectEqual(try await vault.setPlatformKey(keyStore: keyStore), nil)
        let old = keyStore.aliases
        try expectEqual(old.count, 1)
        try expect(old.first!.hasPrefix("vault-slot-"), "\(old)")
        let cancelling = ThrowingKeyStore(keyStore, PlatformKeyError.Cancelled, onWrap: true)
        let cancelled = try await expectOtpKitError { try await vault.setPlatformKey(keyStore: cancelling) }
        guard case .Cancelled = cancelled else { throw Failure(description: "\(cancelled)") }
        try expectReason(cancelled, .keyPromptCancelled)
        try expectEqual(keyStore.aliases, old, "the new key is deleted, the old one kept")
        // The vault still opens with the old key; a rotation that succeeds then replaces it.
        _ = try await Vault.openWithPlatformKeyStore(path: path, keyStore: keyStore, clock: now)
        try expectEqual(try await vault.setPlatformKey(keyStore: keyStore), nil)
        try expectEqual(keyStore.aliases.count, 1)
        try expect(keyStore.aliases != old, "rotated to \(keyStore.aliases)")
        let onOpen = try await expectOtpKitError {
            try await Vault.openWithPlatformKeyStore(path: path, keyStore: ThrowingKeyStore(keyStore, PlatformKeyError.Cancelled), clock: now)
        }
        guard case .Cancelled = onOpen else { throw Failure(description: "\(onOpen)") }
        try expectReason(onOpen, .keyPromptCancelled)
    }

    suite.test("an empty passphrase is OtpKitError.InvalidInput and adds no slot") {
        let vault = try await Vault.createWithPlatformKeyStore(path: tempVaultPath(), keyStore: MemoryKeyStore(), clock: now)
        let empty = try await expectOtpKitError { try await vault.setPassphrase(passphrase: "") }
        guard case .InvalidInput(_, _, let message) = empty else { throw Failure(description: "\(empty)") }
        try expect(message.contains("empty"), message)
        try expectEqual(vault.slotKinds(), [.platform])
    }
}
