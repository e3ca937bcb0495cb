import OtpKitPresentation
import SwiftUI
import UniformTypeIdentifiers

/// Export for a new phone and import, through the system file exporter and importer.
struct BackupView: View {
    // In @State with the first `observed`, as in CodesView: the parent's body re-runs every
    // second, and with it this view's `init`.
    @State private var vm: BackupViewModel
    @StateObject private var observed: Observed<BackupUiState>
    @State private var passphrase = ""
    @State private var repeated = ""
    @State private var password = ""
    @State private var importing = false
    @State private var exportFile: BackupFile?

    init(vm: BackupViewModel) {
        _vm = State(initialValue: vm)
        _observed = StateObject(wrappedValue: Observed(vm.states))
    }

    var body: some View {
        Form {
            Section(Texts.backupTitle.localized) {
                SecureField(Texts.backupPassphraseField.localized, text: $passphrase).passwordEntry(new: true)
                SecureField(Texts.passphraseAgainField.localized, text: $repeated).passwordEntry(new: true)
                Button(Texts.backupExport.localized) {
                    // The file's name is the one the exporter suggests, in the user's language.
                    let name = Texts.backupFileName.localized + ".otpkit"
                    let path = FileManager.default.temporaryDirectory.appendingPathComponent(name).path
                    try? FileManager.default.removeItem(atPath: path)
                    Task { await vm.export(passphrase: passphrase, repeated: repeated, temporaryPath: path) }
                }
            }
            Button(Texts.backupImport.localized) { importing = true }
            switch observed.state {
            case .idle: EmptyView()
            case .working: ProgressView()
            case .exported(let path):
                Text(Texts.backupReady.localized)
                    .onAppear { exportFile = BackupFile(url: URL(fileURLWithPath: path)) }
            case .passwordNeeded(let message, _):
                Text(message.localized)
                SecureField(Texts.backupFilePassword.localized, text: $password).passwordEntry()
                Button(Texts.actionImport.localized) { Task { await vm.submitPassword(password) } }
            case .imported(let report):
                Section(report.title.localized) { ForEach(report.lines.map(\.localized), id: \.self) { Text($0) } }
            case .failed(let message):
                Text(message.localized)
            }
        }
        .fileImporter(isPresented: $importing, allowedContentTypes: [.data]) { result in
            // Read by the view model off the main thread: a large file or a slow provider must not
            // freeze the screen.
            guard case .success(let url) = result else { return }
            Task { await vm.importFile(from: PickedFile(url: url)) }
        }
        .fileExporter(isPresented: Binding(get: { exportFile != nil }, set: { if !$0 { exportFile = nil } }), document: exportFile, contentType: .data) { _ in
            // The temporary copy is deleted whatever the user chose.
            if let url = exportFile?.url { try? FileManager.default.removeItem(at: url) }
            exportFile = nil
        }
    }
}

/// A file from the file importer: outside the app's sandbox, readable while its security-scoped
/// access is open.
struct PickedFile: ImportSource {
    let url: URL

    func read() throws -> Data {
        let scoped = url.startAccessingSecurityScopedResource()
        defer { if scoped { url.stopAccessingSecurityScopedResource() } }
        return try Data(contentsOf: url)
    }
}

/// The finished backup file, handed to the exporter as it is.
struct BackupFile: FileDocument {
    static var readableContentTypes: [UTType] { [.data] }
    let url: URL

    init(url: URL) { self.url = url }

    init(configuration: ReadConfiguration) throws { throw CocoaError(.fileReadUnsupportedScheme) }

    func fileWrapper(configuration: WriteConfiguration) throws -> FileWrapper {
        try FileWrapper(url: url)
    }
}
