#if canImport(Security) && canImport(LocalAuthentication)
    import Foundation
    import LocalAuthentication
    import OtpKit
    import OtpKitPresentation
    import Security

    /// The vault's platform slot: P-256 keys made inside the Secure Enclave, one per alias the
    /// vault gives (application tag `tagPrefix` + alias), usable only after Face ID / Touch ID
    /// with the biometrics enrolled today (`.biometryCurrentSet`: a new finger or face
    /// invalidates them; the vault's passphrase slot still opens the vault then) and only on this
    /// device. The master key is sealed to the public key with ECIES (X9.63 SHA-256, AES-GCM);
    /// opening it needs the private key, so `unwrap` waits while the system shows the biometric
    /// sheet, on a GCD thread (the Keychain call blocks), never on the task pool, as every other
    /// Keychain call here does; a cancelled task (Rust's timeout) dismisses the sheet. The vault
    /// creates a new key, wraps with it, saves, and only then deletes the old one, so a cancelled
    /// sheet never costs the key in use.
    ///
    /// Vaults from before aliases use the alias `vault-slot`, so the default prefix gives the tag
    /// those versions used, `dev.otpkit.vault-slot`.
    public final class SecureEnclaveKeyStore: PlatformKeyStore, @unchecked Sendable {
        private let tagPrefix: String
        private static let algorithm = SecKeyAlgorithm.eciesEncryptionCofactorVariableIVX963SHA256AESGCM

        public init(tagPrefix: String = "dev.otpkit.") {
            self.tagPrefix = tagPrefix
        }

        private func tag(_ alias: String) -> Data { Data((tagPrefix + alias).utf8) }

        /// `text` in the user's language: the app's String Catalog (the main bundle), read as the
        /// app's `UiText.localized` reads it.
        private static func words(_ text: UiText) -> String {
            text.render { key in
                let found = Bundle.main.localizedString(forKey: key, value: "\u{0}", table: nil)
                return found == "\u{0}" ? nil : found
            }
        }

        public func createKey(alias: String) async throws {
            try await offPool { try self.makeKey(alias) }
        }

        private func makeKey(_ alias: String) throws {
            var error: Unmanaged<CFError>?
            guard
                let access = SecAccessControlCreateWithFlags(
                    nil, kSecAttrAccessibleWhenUnlockedThisDeviceOnly, [.privateKeyUsage, .biometryCurrentSet], &error)
            else { throw PlatformKeyError.Failed(reason: describe(error)) }
            let attributes: [CFString: Any] = [
                kSecAttrKeyType: kSecAttrKeyTypeECSECPrimeRandom, kSecAttrKeySizeInBits: 256,
                kSecAttrTokenID: kSecAttrTokenIDSecureEnclave,
                kSecPrivateKeyAttrs: [kSecAttrIsPermanent: true, kSecAttrApplicationTag: tag(alias), kSecAttrAccessControl: access],
            ]
            guard SecKeyCreateRandomKey(attributes as CFDictionary, &error) != nil else {
                // No Secure Enclave (the simulator, old Macs): the app falls back to the passphrase.
                throw PlatformKeyError.Unavailable(reason: describe(error))
            }
        }

        /// Sealing needs only the public key: no sheet.
        public func wrap(alias: String, masterKey: Data) async throws -> Data {
            try await offPool { try self.seal(masterKey, alias: alias) }
        }

        private func seal(_ masterKey: Data, alias: String) throws -> Data {
            let key = try privateKey(alias, context: LAContext())
            guard let publicKey = SecKeyCopyPublicKey(key) else { throw PlatformKeyError.Failed(reason: "no public key") }
            var error: Unmanaged<CFError>?
            guard let sealed = SecKeyCreateEncryptedData(publicKey, Self.algorithm, masterKey as CFData, &error) else {
                throw PlatformKeyError.Failed(reason: describe(error))
            }
            return sealed as Data
        }

        public func unwrap(alias: String, wrapped: Data) async throws -> Data {
            let context = LAContext()
            context.localizedReason = Self.words(OtpKitPresentation.Texts.biometricPromptUnlock)
            return try await withTaskCancellationHandler {
                try await offPool { try self.open(wrapped, alias: alias, context: context) }
            } onCancel: {
                context.invalidate()  // dismisses the sheet
            }
        }

        /// Removes the key under `alias`; one already gone is fine.
        public func deleteKey(alias: String) async throws {
            try await offPool { try self.removeKey(alias) }
        }

        /// Runs a Keychain or Secure Enclave call, which blocks (for `unwrap`, while the sheet
        /// shows), on a GCD thread: never on Swift's cooperative pool, where UniFFI calls these
        /// methods.
        private func offPool<T>(_ body: @escaping () throws -> T) async throws -> T {
            try await withCheckedThrowingContinuation { continuation in
                DispatchQueue.global(qos: .userInitiated).async { continuation.resume(with: Result { try body() }) }
            }
        }

        private func removeKey(_ alias: String) throws {
            let status = SecItemDelete([kSecClass: kSecClassKey, kSecAttrApplicationTag: tag(alias)] as CFDictionary)
            guard status == errSecSuccess || status == errSecItemNotFound else {
                throw PlatformKeyError.Failed(reason: "SecItemDelete: \(status)")
            }
        }

        /// Blocks while the sheet shows.
        private func open(_ wrapped: Data, alias: String, context: LAContext) throws -> Data {
            let key = try privateKey(alias, context: context)
            var error: Unmanaged<CFError>?
            guard let opened = SecKeyCreateDecryptedData(key, Self.algorithm, wrapped as CFData, &error) else {
                let code = (error?.takeUnretainedValue()).map(CFErrorGetCode) ?? 0
                let cancelled = [
                    Int(errSecUserCanceled), LAError.Code.userCancel.rawValue, LAError.Code.appCancel.rawValue,
                    LAError.Code.systemCancel.rawValue, LAError.Code.userFallback.rawValue,
                ]
                if cancelled.contains(code) { throw PlatformKeyError.Cancelled }
                if code == LAError.Code.biometryLockout.rawValue {
                    throw PlatformKeyError.Unavailable(reason: describe(error))
                }
                throw PlatformKeyError.WrongKey
            }
            return opened as Data
        }

        private func privateKey(_ alias: String, context: LAContext) throws -> SecKey {
            let query: [CFString: Any] = [
                kSecClass: kSecClassKey, kSecAttrApplicationTag: tag(alias), kSecAttrKeyType: kSecAttrKeyTypeECSECPrimeRandom,
                kSecReturnRef: true, kSecUseAuthenticationContext: context,
            ]
            var item: CFTypeRef?
            let status = SecItemCopyMatching(query as CFDictionary, &item)
            guard status == errSecSuccess, let item else {
                throw PlatformKeyError.Unavailable(reason: "the Face ID key is gone: unlock with the passphrase")
            }
            return item as! SecKey  // swiftlint:disable:this force_cast
        }

        private func describe(_ error: Unmanaged<CFError>?) -> String {
            error.map { CFErrorCopyDescription($0.takeRetainedValue()) as String } ?? "unknown keychain error"
        }
    }
#endif
