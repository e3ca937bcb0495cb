import OtpKitAppSupport
import OtpKitPresentation
import SwiftUI

/// The app: unlock, then the code list. When the app leaves the foreground a cover hides the
/// codes, so the app-switcher snapshot shows none. An otpauth link the app is opened with waits
/// in `links` while the vault is locked; the code list takes it once it shows.
@main
struct OtpKitApp: App {
    @Environment(\.scenePhase) private var scenePhase
    @State private var repository: (any AccountsRepository)?
    @State private var links = OpenedLinks()
    private let module: OtpKitModule? = try? OtpKitModule(
        keyStore: SecureEnclaveKeyStore(),
        directory: FileManager.default.urls(for: .applicationSupportDirectory, in: .userDomainMask)[0]
            .appendingPathComponent("OtpKit"))

    var body: some Scene {
        WindowGroup {
            ZStack {
                if let repository, let module {
                    CodesView(repository: repository, module: module, links: $links)
                } else if let module {
                    UnlockView(module: module) { repository = $0 }
                } else {
                    Text(Texts.appNoFolder.localized)
                }
                if scenePhase != .active {
                    // Also covers .inactive, when the snapshot is taken.
                    Rectangle().fill(.background).ignoresSafeArea()
                        .overlay(Image(systemName: "lock.fill").font(.largeTitle))
                }
            }
            .onOpenURL { links.receive($0.absoluteString) }
        }
    }
}

/// First run: the passphrase the user chooses (it always opens the vault), then Face ID on top.
/// Later: Face ID or the passphrase; after a Face ID change, the passphrase and an offer to turn
/// Face ID on again. The logic is `UnlockViewModel`'s.
struct UnlockView: View {
    let onUnlocked: (any AccountsRepository) -> Void
    @StateObject private var model: Observed<UnlockUiState>
    // Kept with the first `model`: the app's body is re-run when the Face ID sheet makes the
    // scene inactive, and a fresh view model would not be the one being watched.
    @State private var vm: UnlockViewModel
    @State private var passphrase = ""
    @State private var repeated = ""

    init(module: OtpKitModule, onUnlocked: @escaping (any AccountsRepository) -> Void) {
        let vm = UnlockViewModel(opener: module)
        _vm = State(initialValue: vm)
        self.onUnlocked = onUnlocked
        _model = StateObject(wrappedValue: Observed(vm.states))
    }

    var body: some View {
        // Scrolls, so the keyboard never hides the fields or the buttons.
        ScrollView {
            VStack(spacing: 16) {
                // The app's name, never translated (verbatim: no catalog lookup, nothing extracted).
                Text(verbatim: "OtpKit").font(.largeTitle)
                switch model.state {
                case .choosePassphrase(let problem):
                    Text(Texts.unlockIntroIos.localized)
                    SecureField(Texts.passphraseField.localized, text: $passphrase).passwordEntry(new: true).textFieldStyle(.roundedBorder)
                    SecureField(Texts.passphraseAgainField.localized, text: $repeated).passwordEntry(new: true).textFieldStyle(.roundedBorder)
                    Button(Texts.unlockGetStarted.localized) { run { [passphrase, repeated] vm in await vm.create(passphrase: passphrase, repeated: repeated) } }
                    if let problem { Text(problem.localized).foregroundStyle(.red) }
                case .locked(let message):
                    Button(Texts.unlockWithBiometricsIos.localized) { run { await $0.unlockWithBiometrics() } }
                    SecureField(Texts.passphraseField.localized, text: $passphrase).passwordEntry().textFieldStyle(.roundedBorder)
                    Button(Texts.unlockWithPassphrase.localized) { run { [passphrase] vm in await vm.unlockWithPassphrase(passphrase) } }
                    if let message { Text(message.localized).foregroundStyle(.red) }
                case .working:
                    ProgressView()
                case .unlocked(let suggestion, let message):
                    if let message { Text(message.localized) }
                    switch suggestion {
                    case .enableBiometrics:
                        Button(Texts.unlockTurnOnBiometricsIos.localized) { run { await $0.enableBiometrics() } }
                    case .setPassphrase:
                        SecureField(Texts.unlockNewPassphrase.localized, text: $passphrase).passwordEntry(new: true).textFieldStyle(.roundedBorder)
                        SecureField(Texts.unlockNewPassphraseAgain.localized, text: $repeated).passwordEntry(new: true).textFieldStyle(.roundedBorder)
                        Button(Texts.unlockSetPassphrase.localized) { run { [passphrase, repeated] vm in await vm.setPassphrase(passphrase, repeated: repeated) } }
                    case nil:
                        EmptyView()
                    }
                    Button(Texts.actionNotNow.localized) { run { await $0.dismissSuggestion() } }
                }
            }
            .padding()
        }
        .scrollDismissesKeyboard(.interactively)
        .onChange(of: model.state) { state in
            guard case .unlocked(let suggestion, _) = state, suggestion == nil else { return }
            passphrase = ""
            repeated = ""
            Task { if let repository = await vm.repository { onUnlocked(repository) } }
        }
    }

    private func run(_ action: @escaping @Sendable (UnlockViewModel) async -> Void) {
        Task { [vm] in await action(vm) }
    }
}

extension View {
    /// For a passphrase or password field (a `SecureField`): no autocorrection or capitals, and
    /// marked for the system as a password (`new`: one being chosen, for which it may offer a
    /// strong one).
    func passwordEntry(new: Bool = false) -> some View {
        textContentType(new ? .newPassword : .password)
            .autocorrectionDisabled()
            .textInputAutocapitalization(.never)
    }
}
