import OtpKitAppSupport
import OtpKitPresentation
import SwiftUI
import UIKit

/// The app: the screens `AppRoutes` says. When the app leaves the foreground a cover hides the
/// codes, so the app-switcher snapshot shows none; the vault locks after the chosen delay in the
/// background and at once when the device locks (`AppSession`). An otpauth link waits in `links`
/// until the code list can take it.
@main
struct OtpKitApp: App {
    @Environment(\.scenePhase) private var scenePhase
    @State private var links = OpenedLinks()
    @State private var parts = AppParts.make()

    var body: some Scene {
        WindowGroup {
            ZStack {
                if let parts {
                    RoutesView(parts: parts, links: $links)
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
            .onChange(of: scenePhase) { phase in
                if phase == .background { parts?.session.onBackground() }
                if phase == .active { parts?.session.onForeground() }
            }
            .onReceive(NotificationCenter.default.publisher(for: UIApplication.protectedDataWillBecomeUnavailableNotification)) { _ in
                parts?.session.onScreenOff()
            }
        }
    }
}

/// The app's long-lived parts: the Rust module, the preferences, the session, the routes and the
/// open screens' view models (one per visit, from `VisitModels`, so a body that runs again gets
/// the same one).
final class AppParts {
    let module: OtpKitModule
    let settings: KeyValueSettingsStore
    let session: AppSession
    let routes: AppRoutes
    let models = VisitModels()

    static func make() -> AppParts? {
        let folder = FileManager.default.urls(for: .applicationSupportDirectory, in: .userDomainMask)[0].appendingPathComponent("OtpKit")
        #if DEBUG
        freshForUITests(folder)
        #endif
        return (try? OtpKitModule(keyStore: SecureEnclaveKeyStore(), directory: folder)).map(AppParts.init(module:))
    }

    #if DEBUG
    /// The UI tests start from a fresh install (`UITestLaunch.reset`): no vault, no preferences;
    /// once per launch, so a later body never deletes the vault in use.
    private static var freshened = false

    private static func freshForUITests(_ folder: URL) {
        guard !freshened, UITestLaunch(environment: ProcessInfo.processInfo.environment).reset else { return }
        freshened = true
        try? FileManager.default.removeItem(at: folder)
        if let app = Bundle.main.bundleIdentifier { UserDefaults.standard.removePersistentDomain(forName: app) }
    }
    #endif

    init(module: OtpKitModule) {
        let settings = KeyValueSettingsStore(defaults: .standard)
        let session = AppSession(settings: settings, elapsedMs: { DeviceClock().millisSinceBoot() }, timer: TaskLockTimer())
        self.module = module
        self.settings = settings
        self.session = session
        routes = AppRoutes(vaultExists: { module.vaultExists }, session: session, settings: settings)
    }
}

/// The screens as `AppRoutes` says: the code list with the others as a sheet over it (the
/// settings' own screens pushed inside), or the first run's steps pushed over the ways in.
struct RoutesView: View {
    let parts: AppParts
    @Binding var links: OpenedLinks
    @StateObject private var route: Observed<Route>
    @State private var addLink: String?

    init(parts: AppParts, links: Binding<OpenedLinks>) {
        self.parts = parts
        _links = links
        _route = StateObject(wrappedValue: Observed(parts.routes.states))
    }

    var body: some View {
        screen.onAppear(perform: takeLink).onChange(of: links.waiting) { _ in takeLink() }.onChange(of: route.state) { state in
            parts.models.keep(state)
            if case .open(let open) = state, open.screen == .add {} else { addLink = nil }
            takeLink()
        }
    }

    private func takeLink() {
        if links.waiting != nil, parts.routes.linkOpened() { addLink = links.take() }
    }

    @ViewBuilder private var screen: some View {
        let routes = parts.routes
        switch route.state {
        case .welcome:
            RowsView(rows: JourneyRows.welcome(vaultReady: false) { routes.choose($0) })
        case .unlock(let way, let offer, let key):
            UnlockView(module: parts.module, settings: parts.settings, way: way, offerBiometrics: offer) { routes.unlocked($0) }.id(key)
        case .open(let open) where open.root == .waysIn:
            stack(open.stack, open.repository)
        case .open(let open):
            CodesView(repository: open.repository) { routes.open($0) }.id(open.stack[0].key)
                .sheet(isPresented: Binding(get: { open.stack.count > 1 }, set: { if !$0 { while routes.back() {} } })) {
                    stack(Array(open.stack.dropFirst()), open.repository)
                }
        }
    }

    /// `entries` as a navigation stack: the first at its root, the others pushed; Back pops one.
    private func stack(_ entries: [RouteEntry], _ repository: any AccountsRepository) -> some View {
        let path = Binding(get: { Array(entries.dropFirst()) }, set: { (kept: [RouteEntry]) in
            for _ in kept.count..<max(entries.count - 1, kept.count) { parts.routes.back() }
        })
        return NavigationStack(path: path) {
            page(entries[0], repository).navigationDestination(for: RouteEntry.self) { page($0, repository) }
        }
    }

    @ViewBuilder private func page(_ entry: RouteEntry, _ repository: any AccountsRepository) -> some View {
        let routes = parts.routes, models = parts.models, settings = parts.settings, key = entry.key
        switch entry.screen {
        case .waysIn, .codes:
            RowsView(rows: JourneyRows.welcome(vaultReady: true) { routes.choose($0) })
        case .add, .transferIn:
            let vm = models.model(key) { AddAccountViewModel(repository: repository, scanner: parts.module.qrScanner()) }
            if entry.screen == .add {
                AddAccountView(vm: vm, link: addLink)
            } else {
                AddAccountView(vm: vm, link: nil, header: JourneyRows.transferIn { routes.back() }) { routes.firstRunDone() }
            }
        case .backup:
            let vm = models.model(key) { BackupViewModel(repository: repository) }
            RowsScreen(vm.states) { JourneyRows.backup($0, vm: vm) }
        case .restore:
            let vm = models.model(key) { RestoreViewModel(repository: repository) }
            RowsScreen(vm.states) { JourneyRows.restore($0, vm: vm, done: { routes.firstRunDone() }, otherWay: { routes.back() }) }
        case .settings:
            let vm = models.model(key) { SettingsViewModel(repository: repository, settings: settings) }
            RowsScreen(vm.states, appear: { await vm.load() }) {
                JourneyRows.settings($0, vm: vm, biometricsLabel: Texts.settingsBiometricsIos, open: { routes.open($0) }, lock: { routes.lock() })
            }
        case .changePassphrase:
            let vm = models.model(key) { ChangePassphraseViewModel(repository: repository, settings: settings) }
            RowsScreen(vm.states) { JourneyRows.changePassphrase($0, vm: vm) { routes.back() } }
        case .transferOut:
            let vm = models.model(key) { TransferViewModel(repository: repository) }
            RowsScreen(vm.states, appear: { await vm.load() }) { JourneyRows.transferOut($0, vm: vm) { routes.back() } }
                .onDisappear { Task { await vm.finish() } }
        }
    }
}

/// First run: the passphrase the user chooses (it always opens the vault), then Face ID on top.
/// Later: Face ID or the passphrase; after a Face ID change, the passphrase and an offer to turn
/// Face ID on again. The logic is `UnlockViewModel`'s, the rows `JourneyRows.unlock`'s.
struct UnlockView: View {
    let onUnlocked: (any AccountsRepository) -> Void
    /// First run: the way in chosen on the welcome, said under the passphrase.
    let way: FirstRunWay?
    let offerBiometrics: Bool
    @StateObject private var model: Observed<UnlockUiState>
    // Kept with the first `model`: the app's body is re-run when the Face ID sheet makes the
    // scene inactive, and a fresh view model would not be the one being watched.
    @State private var vm: UnlockViewModel

    init(
        module: OtpKitModule, settings: any SettingsStore, way: FirstRunWay?, offerBiometrics: Bool,
        onUnlocked: @escaping (any AccountsRepository) -> Void
    ) {
        let vm = UnlockViewModel(opener: module, settings: settings)
        _vm = State(initialValue: vm)
        self.way = way
        self.offerBiometrics = offerBiometrics
        self.onUnlocked = onUnlocked
        _model = StateObject(wrappedValue: Observed(vm.states))
    }

    var body: some View {
        RowsView(rows: JourneyRows.unlock(model.state, vm: vm, way: way, offerBiometrics: offerBiometrics))
            .onChange(of: model.state) { state in
                guard case .unlocked(let suggestion, _) = state, suggestion == nil else { return }
                Task { if let repository = await vm.repository { onUnlocked(repository) } }
            }
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
