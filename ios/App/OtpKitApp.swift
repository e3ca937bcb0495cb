import OtpKitAppSupport
import OtpKitPresentation
import SwiftUI

/// The app: unlock, then the code list. When the app leaves the foreground a cover hides the
/// codes, so the app-switcher snapshot shows none.
@main
struct OtpKitApp: App {
    @Environment(\.scenePhase) private var scenePhase
    @State private var repository: (any AccountsRepository)?
    @State private var openedLink: String?
    private let module: OtpKitModule? = try? OtpKitModule(
        keyStore: SecureEnclaveKeyStore(),
        directory: FileManager.default.urls(for: .applicationSupportDirectory, in: .userDomainMask)[0]
            .appendingPathComponent("OtpKit"))

    var body: some Scene {
        WindowGroup {
            ZStack {
                if let repository, let module {
                    CodesView(repository: repository, module: module, openedLink: $openedLink)
                } else if let module {
                    UnlockView(module: module) { repository = $0 }
                } else {
                    Text("OtpKit cannot create its folder. Free some space and open it again.")
                }
                if scenePhase != .active {
                    // Also covers .inactive, when the snapshot is taken.
                    Rectangle().fill(.background).ignoresSafeArea()
                        .overlay(Image(systemName: "lock.fill").font(.largeTitle))
                }
            }
            .onOpenURL { openedLink = $0.absoluteString }
        }
    }
}

struct UnlockView: View {
    let module: OtpKitModule
    let onUnlocked: (any AccountsRepository) -> Void
    @State private var passphrase = ""
    @State private var message: String?

    var body: some View {
        VStack(spacing: 16) {
            Text("OtpKit").font(.largeTitle)
            if module.vaultExists {
                Button("Unlock with Face ID") { open { try module.openWithBiometrics() } }
                SecureField("Passphrase", text: $passphrase).textFieldStyle(.roundedBorder)
                Button("Unlock with passphrase") { open { [passphrase] in try module.openWithPassphrase(passphrase) } }
            } else {
                Text("Your accounts are kept encrypted on this phone, unlocked by Face ID or Touch ID.")
                // Until the bindings can add a passphrase slot, the backup is the way back in.
                Text("Changing Face ID or Touch ID erases the unlock key: export a backup (Backup) to keep a way back in.")
                Button("Get started") { open { try module.create() } }
            }
            if let message { Text(message).foregroundStyle(.red) }
        }
        .padding()
    }

    private func open(_ body: @escaping @Sendable () throws -> any AccountsRepository) {
        Task {
            do {
                // Blocking (Argon2, the biometric sheet): off the main actor.
                onUnlocked(try await Task.detached { try body() }.value)
            } catch let failure as OtpKitFailure {
                message = failure.message
            } catch {
                message = "\(error)"
            }
        }
    }
}
