import OtpKitPresentation
import SwiftUI
import UIKit

/// The account list: codes with a countdown ring, search, the drift banner, copy/edit/delete.
/// Add, Backup and Settings open through the routes (`open`), as sheets over the list.
struct CodesView: View {
    let open: (Screen) -> Void
    @Environment(\.scenePhase) private var scenePhase
    // In @State with the first `observed`: `init` runs again whenever the app's body does (every
    // scenePhase change), and a view model made then would not be the one being watched.
    @State private var vm: CodesViewModel
    @StateObject private var observed: Observed<CodesUiState>
    @State private var renaming: CodeItem?
    @State private var newLabel = ""
    @State private var copied = false
    @State private var copies = 0

    init(repository: any AccountsRepository, open: @escaping (Screen) -> Void) {
        let vm = CodesViewModel(
            repository: repository, nowMillis: { Int64(Date().timeIntervalSince1970 * 1000) },
            ticker: SecondTicker(nowMillis: { Int64(Date().timeIntervalSince1970 * 1000) }))
        _vm = State(initialValue: vm)
        _observed = StateObject(wrappedValue: Observed(vm.states))
        self.open = open
    }

    var body: some View {
        NavigationStack {
            content
                .navigationTitle(Text(verbatim: "OtpKit"))
                .toolbar {
                    // Identifiers for the UI tests: the key of the text, as the rows have.
                    Button(Texts.settingsOpen.localized) { open(.settings) }.accessibilityIdentifier(Texts.settingsOpen.key)
                    Button(Texts.codesBackup.localized) { open(.backup) }.accessibilityIdentifier(Texts.codesBackup.key)
                    Button { open(.add) } label: { Image(systemName: "plus") }
                        .accessibilityLabel(Texts.codesAddAccount.localized).accessibilityIdentifier(Texts.codesAddAccount.key)
                }
        }
        .overlay(alignment: .bottom) {
            if copied {
                Text(ClipboardPolicy.copied.localized)
                    .padding(.horizontal, 16).padding(.vertical, 8)
                    .background(.thinMaterial, in: Capsule())
                    .padding(.bottom, 24)
                    .transition(.opacity)
                    .accessibilityHidden(true)  // announced instead (copy below)
            }
        }
        .task { await vm.run() }
        .task { await vm.checkClock(manual: false) }
        // Back in the foreground: take in what another process (an AutoFill extension) saved.
        .onChange(of: scenePhase) { phase in if phase == .active { Task { await vm.onForeground() } } }
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
                    // VoiceOver offers these as the row's actions too.
                    .swipeActions {
                        Button(Texts.actionDelete.localized, role: .destructive) { Task { await vm.requestDelete(accountId: item.id) } }
                        Button(Texts.actionRename.localized) { rename(item) }
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

    private func rename(_ item: CodeItem) {
        newLabel = item.account.label
        renaming = item
    }

    /// Local-only (no Universal Clipboard) and expiring after 30 s (ClipboardPolicy); "Copied"
    /// shows for a moment, and VoiceOver says it.
    private func copy(_ item: CodeItem) {
        Task { @MainActor in
            guard let copy = await vm.copy(accountId: item.id) else { return }
            UIPasteboard.general.setItems(
                [[UIPasteboard.typeAutomatic: copy.text]],
                options: [.localOnly: true, .expirationDate: Date(timeIntervalSince1970: Double(copy.clearAtMs) / 1000)])
            UIAccessibility.post(notification: .announcement, argument: ClipboardPolicy.copied.localized)
            copies += 1
            let mine = copies
            withAnimation { copied = true }
            try? await Task.sleep(nanoseconds: 1_500_000_000)
            // A later copy keeps it up for its own 1.5 s.
            if copies == mine { withAnimation { copied = false } }
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

/// One account: a button that copies the code (VoiceOver hears `CodeItem.spokenLabel`, and
/// offers the row's swipe actions, Delete and Rename, as actions: a second "Rename" here would be
/// listed twice); HOTP's "Get code" is a button of its own. Neither has the default style, so a
/// tap in the list row reaches only the button under it.
private struct CodeRow: View {
    let item: CodeItem
    let copy: () -> Void
    let next: () -> Void

    var body: some View {
        HStack {
            Button(action: copy) {
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
                    }
                }
                .contentShape(Rectangle())
            }
            .buttonStyle(.plain)
            .accessibilityLabel(item.spokenLabel.localized)
            .accessibilityHint(Texts.codesCopyHint.localized)
            .accessibilityIdentifier(item.handle)
            if item.progress == nil {
                Button(Texts.codesGetCode.localized, action: next).buttonStyle(.borderless)
            }
        }
    }
}
