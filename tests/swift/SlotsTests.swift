// Key slots through the generated Swift: a vault made with a KeyStore gets a passphrase slot,
// and the passphrase alone opens it, with its accounts, after the platform key is lost (what a
// new Face ID enrollment does to a `.biometryCurrentSet` key). The vault never loses its last slot.

import Foundation
import OtpKit

func slotsTests(_ suite: Suite) {
    let now = FixedWallClock(millis: 1_700_000_000_000)
    /// What SecureEnclaveKeyStore throws once the Keychain item is gone or invalidated.
    let gone = PlatformKeyError.Unavailable(reason: "the Face ID key is gone: unlock with the passphrase")

    suite.test("a passphrase slot opens a KeyStore vault with its accounts after the KeyStore's key is lost") {
        let path = tempVaultPath()
        let keyStore = MemoryKeyStore()
        let vault = try Vault.createWithKeyStore(path: path, keyStore: keyStore)
        _ = try vault.addUri(uri: rfcTotpUri, now: now)
        try expectEqual(vault.slotKinds(), [.platform])
        try vault.setPassphrase(passphrase: "correct horse battery")
        try expectEqual(Set(vault.slotKinds()), [.passphrase, .platform])

        let lost = try expectOtpKitError {
            try Vault.openWithKeyStore(path: path, keyStore: ThrowingKeyStore(keyStore, gone))
        }
        guard case .KeyUnavailable(_, _, let message) = lost else { throw Failure(description: "\(lost)") }
        try expect(message.contains("Face ID key is gone"), message)
        let reopened = try Vault.openWithPassphrase(path: path, passphrase: "correct horse battery")
        try expectEqual(reopened.accounts().map(\.label), ["totp@example.com"])
        // Re-enabling Face ID with a new key replaces the dead slot.
        let newKey = MemoryKeyStore()
        try reopened.setPlatformKey(keyStore: newKey)
        try expectEqual(reopened.slotKinds().count, 2)
        try expectEqual(try Vault.openWithKeyStore(path: path, keyStore: newKey).accounts().count, 1)
        let wrong = try expectOtpKitError { try Vault.openWithPassphrase(path: path, passphrase: "wrong") }
        guard case .WrongPassphrase = wrong else { throw Failure(description: "\(wrong)") }
    }

    suite.test("removing the last slot is OtpKitError.LastKeySlot and the vault still opens") {
        let path = tempVaultPath()
        let keyStore = MemoryKeyStore()
        let vault = try Vault.createWithKeyStore(path: path, keyStore: keyStore)
        let last = try expectOtpKitError { try vault.removeSlot(kind: .platform) }
        guard case .LastKeySlot(_, _, let message) = last else { throw Failure(description: "\(last)") }
        try expect(message.contains("last key slot"), message)
        let absent = try expectOtpKitError { try vault.removeSlot(kind: .passphrase) }
        guard case .InvalidInput = absent else { throw Failure(description: "\(absent)") }
        try expectEqual(vault.slotKinds(), [.platform])
        try vault.setPassphrase(passphrase: "pass phrase")
        try vault.removeSlot(kind: .platform)
        try expectEqual(vault.slotKinds(), [.passphrase])
        _ = try Vault.openWithPassphrase(path: path, passphrase: "pass phrase")
        let noPlatform = try expectOtpKitError { try Vault.openWithKeyStore(path: path, keyStore: keyStore) }
        guard case .InvalidInput = noPlatform else { throw Failure(description: "\(noPlatform)") }
    }

    suite.test("an empty passphrase is OtpKitError.InvalidInput and adds no slot") {
        let vault = try Vault.createWithKeyStore(path: tempVaultPath(), keyStore: MemoryKeyStore())
        let empty = try expectOtpKitError { try vault.setPassphrase(passphrase: "") }
        guard case .InvalidInput(_, _, let message) = empty else { throw Failure(description: "\(empty)") }
        try expect(message.contains("empty"), message)
        try expectEqual(vault.slotKinds(), [.platform])
    }
}
