#if canImport(Security) && canImport(LocalAuthentication)
    import Foundation
    import LocalAuthentication
    import OtpKit
    import Security

    /// The vault's platform slot: a P-256 key made inside the Secure Enclave, usable only after
    /// Face ID / Touch ID with the biometrics enrolled today (`.biometryCurrentSet`: a new finger
    /// or face invalidates it; the vault's passphrase slot still opens the vault then) and only on
    /// this device. The master key is sealed to its public key with ECIES (X9.63 SHA-256,
    /// AES-GCM); opening it needs the private key, so Rust's
    /// `unwrap` call (on a worker thread) blocks while the system shows the biometric sheet.
    public final class SecureEnclaveKeyStore: KeyStore, @unchecked Sendable {
        private let tag: Data
        private static let algorithm = SecKeyAlgorithm.eciesEncryptionCofactorVariableIVX963SHA256AESGCM

        public init(tag: String = "dev.otpkit.vault-slot") {
            self.tag = Data(tag.utf8)
        }

        /// Always with a new key: a new platform slot replaces the old one, whose key may have
        /// been invalidated by a biometric change (its public key would still seal, to a dead
        /// key) and is never needed again.
        public func wrap(masterKey: Data) throws -> Data {
            deleteKey()
            let key = try privateKey(create: true, reason: "Turn on Face ID unlock")
            guard let publicKey = SecKeyCopyPublicKey(key) else { throw PlatformKeyError.Failed(reason: "no public key") }
            var error: Unmanaged<CFError>?
            guard let sealed = SecKeyCreateEncryptedData(publicKey, Self.algorithm, masterKey as CFData, &error) else {
                throw PlatformKeyError.Failed(reason: describe(error))
            }
            return sealed as Data
        }

        public func unwrap(wrapped: Data) throws -> Data {
            let key = try privateKey(create: false, reason: "Unlock your accounts")
            var error: Unmanaged<CFError>?
            guard let opened = SecKeyCreateDecryptedData(key, Self.algorithm, wrapped as CFData, &error) else {
                let code = (error?.takeUnretainedValue()).map(CFErrorGetCode) ?? 0
                let unavailable = [Int(errSecUserCanceled), LAError.Code.userCancel.rawValue, LAError.Code.biometryLockout.rawValue]
                if unavailable.contains(code) {
                    throw PlatformKeyError.Unavailable(reason: describe(error))
                }
                throw PlatformKeyError.WrongKey
            }
            return opened as Data
        }

        /// Removes the key (the user turned biometric unlock off).
        public func deleteKey() {
            SecItemDelete([kSecClass: kSecClassKey, kSecAttrApplicationTag: tag] as CFDictionary)
        }

        private func privateKey(create: Bool, reason: String) throws -> SecKey {
            let context = LAContext()
            context.localizedReason = reason
            let query: [CFString: Any] = [
                kSecClass: kSecClassKey, kSecAttrApplicationTag: tag, kSecAttrKeyType: kSecAttrKeyTypeECSECPrimeRandom,
                kSecReturnRef: true, kSecUseAuthenticationContext: context,
            ]
            var item: CFTypeRef?
            let status = SecItemCopyMatching(query as CFDictionary, &item)
            if status == errSecSuccess, let item { return item as! SecKey }  // swiftlint:disable:this force_cast
            guard create else {
                throw PlatformKeyError.Unavailable(reason: "the Face ID key is gone: unlock with the passphrase")
            }
            var error: Unmanaged<CFError>?
            guard
                let access = SecAccessControlCreateWithFlags(
                    nil, kSecAttrAccessibleWhenUnlockedThisDeviceOnly, [.privateKeyUsage, .biometryCurrentSet], &error)
            else { throw PlatformKeyError.Failed(reason: describe(error)) }
            let attributes: [CFString: Any] = [
                kSecAttrKeyType: kSecAttrKeyTypeECSECPrimeRandom, kSecAttrKeySizeInBits: 256,
                kSecAttrTokenID: kSecAttrTokenIDSecureEnclave,
                kSecPrivateKeyAttrs: [kSecAttrIsPermanent: true, kSecAttrApplicationTag: tag, kSecAttrAccessControl: access],
            ]
            guard let key = SecKeyCreateRandomKey(attributes as CFDictionary, &error) else {
                // No Secure Enclave (the simulator, old Macs): the app falls back to the passphrase.
                throw PlatformKeyError.Unavailable(reason: describe(error))
            }
            return key
        }

        private func describe(_ error: Unmanaged<CFError>?) -> String {
            error.map { CFErrorCopyDescription($0.takeRetainedValue()) as String } ?? "unknown keychain error"
        }
    }
#endif
