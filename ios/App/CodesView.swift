import OtpKitAppSupport
import OtpKitPresentation
import SwiftUI
import UIKit

/// The account list: codes with a countdown ring, search, the drift banner, copy/edit/delete.
struct CodesView: View {
    let module: OtpKitModule
    @Binding var openedLink: String?
    @Environment(\.scenePhase) private var scenePhase
    private let vm: CodesViewModel
    private let repository: any AccountsRepository
    @StateObject private var observed: Observed<CodesUiState>
    @State private var adding = false
    @State private var backingUp = false
    @State private var renaming: CodeItem?
    @State private var newLabel = ""

    init(repository: any AccountsRepository, module: OtpKitModule, openedLink: Binding<String?>) {
        let vm = CodesViewModel(
            repository: repository, nowMillis: { Int64(Date().timeIntervalSince1970 * 1000) },
            ticker: SecondTicker(nowMillis: { Int64(Date().timeIntervalSince1970 * 1000) }))
        self.vm = vm
        self.repository = repository
        self.module = module
        _openedLink = openedLink
        _observed = StateObject(wrappedValue: Observed(vm.states))
    }

    var body: some View {
        NavigationStack {
            content
                .navigationTitle(Text(verbatim: "OtpKit"))
                .toolbar {
                    Button(Texts.codesBackup.localized) { backingUp = true }
                    Button { adding = true } label: { Image(systemName: "plus") }.accessibilityLabel(Texts.codesAddAccount.localized)
                }
        }
        .task { await vm.run() }
        .task { await vm.checkClock(manual: false) }
        .onChange(of: openedLink) { link in if link != nil { adding = true } }
        // Back in the foreground: take in what another process (an AutoFill extension) saved.
        .onChange(of: scenePhase) { phase in if phase == .active { Task { await vm.onForeground() } } }
        .sheet(isPresented: $adding) {
            AddAccountView(repository: repository, scanner: module.qrScanner(), openedLink: $openedLink)
        }
        .sheet(isPresented: $backingUp) { BackupView(repository: repository) }
    }

    @ViewBuilder private var content: some View {
        switch observed.state {
        case .loading:
            ProgressView()
        case .error(let message, _):
            VStack {
                Text(message.localized)
                Button(Texts.actionTryAgain.localized) { Task { await vm.retry() } }
            }
        case .ready(let list):
            List {
                if let banner = list.banner { BannerView(banner: banner) }
                Button(Texts.codesCheckClock.localized) { Task { await vm.checkClock(manual: true) } }
                if list.totalAccounts == 0 { Text(Texts.codesEmpty.localized) }
                ForEach(list.codes) { item in
                    CodeRow(item: item, copy: { copy(item) }, next: { Task { await vm.nextHotpCode(accountId: item.id) } })
                        .swipeActions {
                            Button(Texts.actionDelete.localized, role: .destructive) { Task { await vm.requestDelete(accountId: item.id) } }
                            Button(Texts.actionRename.localized) { newLabel = item.account.label; renaming = item }
                        }
                }
            }
            .searchable(text: Binding(get: { list.query }, set: { q in Task { await vm.setQuery(q) } }))
            .alert(
                Texts.codesDeleteTitle(name: list.pendingDelete?.displayName ?? "").localized,
                isPresented: Binding(get: { list.pendingDelete != nil }, set: { if !$0 { Task { await vm.cancelDelete() } } })
            ) {
                Button(Texts.actionDelete.localized, role: .destructive) { Task { await vm.confirmDelete() } }
                Button(Texts.actionCancel.localized, role: .cancel) { Task { await vm.cancelDelete() } }
            } message: {
                Text(Texts.codesDeleteWarning.localized)
            }
            .alert(list.notice?.localized ?? "", isPresented: Binding(get: { list.notice != nil }, set: { if !$0 { Task { await vm.dismissNotice() } } })) {
                Button(Texts.actionOk.localized) { Task { await vm.dismissNotice() } }
            }
            .alert(Texts.actionRename.localized, isPresented: Binding(get: { renaming != nil }, set: { if !$0 { renaming = nil } })) {
                TextField(Texts.codesAccountName.localized, text: $newLabel)
                Button(Texts.actionSave.localized) {
                    if let id = renaming?.id { Task { await vm.rename(accountId: id, label: newLabel) } }
                }
                Button(Texts.actionCancel.localized, role: .cancel) {}
            }
        }
    }

    /// Local-only (no Universal Clipboard) and expiring after 30 s (ClipboardPolicy).
    private func copy(_ item: CodeItem) {
        Task {
            guard let copy = await vm.copy(accountId: item.id) else { return }
            UIPasteboard.general.setItems(
                [[UIPasteboard.typeAutomatic: copy.text]],
                options: [.localOnly: true, .expirationDate: Date(timeIntervalSince1970: Double(copy.clearAtMs) / 1000)])
        }
    }
}

private struct BannerView: View {
    let banner: DriftBanner

    var body: some View {
        VStack(alignment: .leading, spacing: 8) {
            Text(banner.title.localized).font(.headline)
            Text(banner.message.localized)
            // iOS has no public deep link to Date & Time: open the app's Settings, the banner says where to go.
            Button(banner.actionLabel.localized) {
                if let url = URL(string: UIApplication.openSettingsURLString) { UIApplication.shared.open(url) }
            }
        }
        .listRowBackground(banner.severity == .error ? Color.red.opacity(0.15) : Color.yellow.opacity(0.15))
    }
}

private struct CodeRow: View {
    let item: CodeItem
    let copy: () -> Void
    let next: () -> Void

    var body: some View {
        HStack {
            VStack(alignment: .leading) {
                Text(item.account.displayName).font(.subheadline)
                Text(item.displayCode ?? "––– –––").font(.system(.title, design: .monospaced))
                if let nextCode = item.nextCode { Text(Texts.codesNextCode(code: nextCode).localized).font(.caption) }
            }
            Spacer()
            if let progress = item.progress, let seconds = item.secondsLeft {
                ZStack {
                    Circle().trim(from: 0, to: progress).stroke(lineWidth: 4).rotationEffect(.degrees(-90))
                    Text(verbatim: "\(seconds)").font(.caption)
                }
                .frame(width: 36, height: 36)
            } else {
                Button(Texts.codesGetCode.localized, action: next)
            }
        }
        .contentShape(Rectangle())
        .onTapGesture(perform: copy)
    }
}
