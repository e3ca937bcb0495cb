import OtpKitAppSupport
import OtpKitPresentation
import PhotosUI
import SwiftUI
import UIKit
import UniformTypeIdentifiers

/// Draws the screens made of rows (`JourneyRows`) in a Form and forwards their taps. Typed
/// secrets stay here, in memory only, and go when their field leaves the screen. Each row's
/// accessibility identifier is its `handle` (the UI tests find rows by their text's key).
struct RowsView: View {
    let rows: [Row]
    /// Draws `.camera` (the add screen's preview).
    var camera = AnyView(EmptyView())

    var body: some View { Form { RowItems(rows: rows, camera: camera) }.scrollDismissesKeyboard(.interactively) }
}

/// A rows screen over a view model's states; `appear` runs as it shows (loads the settings...).
struct RowsScreen<S: Sendable>: View {
    @StateObject private var observed: Observed<S>
    let appear: @Sendable () async -> Void
    let rows: (S) -> [Row]

    init(_ states: StateChannel<S>, appear: @escaping @Sendable () async -> Void = {}, rows: @escaping (S) -> [Row]) {
        _observed = StateObject(wrappedValue: Observed(states))
        self.appear = appear
        self.rows = rows
    }

    var body: some View { RowsView(rows: rows(observed.state)).task { await appear() } }
}

/// The rows in a Form.
private struct RowItems: View {
    let rows: [Row]
    let camera: AnyView
    @State private var fields: [Field: String] = [:]
    /// Fields whose text is shown (a setup key after "show").
    @State private var revealed: Set<Field> = []

    var body: some View {
        ForEach(Array(rows.enumerated()), id: \.offset) { _, row in item(row).accessibilityIdentifier(row.handle) }
            .onChange(of: rows.fields) { shown in
                fields = fields.filter { shown.contains($0.key) }
                revealed.formIntersection(shown)
            }
    }

    private func text(_ field: Field) -> Binding<String> { Binding(get: { fields[field] ?? "" }, set: { fields[field] = $0 }) }

    @ViewBuilder private func item(_ row: Row) -> some View {
        switch row {
        // The app's name, never translated (verbatim: no catalog lookup, nothing extracted).
        case .appName: Text(verbatim: "OtpKit").font(.largeTitle)
        case .title(let text): Text(text.localized).font(.headline)
        case .line(let text, let tone): Text(text.localized).foregroundStyle(tone == .plain ? Color.primary : Color.red).bold(tone == .warning)
        case .report(let report):
            Text(report.title.localized)
            ForEach(report.lines.map(\.localized), id: \.self) { Text($0) }
        case .button(let label, let primary, let action):
            Button(label.localized) { [fields] in Task { await action(Fields(fields)) } }.bold(primary)
        case .toggle(let label, let on, let enabled, let action):
            Toggle(label.localized, isOn: Binding(get: { on }, set: { value in Task { await action(value) } })).disabled(!enabled)
        case .choice(let label, let options, let selected, let enabled, let action):
            Picker(label.localized, selection: Binding(get: { selected }, set: { i in Task { await action(i) } })) {
                ForEach(options.indices, id: \.self) { Text(options[$0].localized).tag($0) }
            }.disabled(!enabled)
        case .secret(let field, let label, let new):
            SecureField(label.localized, text: text(field)).passwordEntry(new: new)
        case .revealable(let field, let label):
            HStack {
                Group {
                    if revealed.contains(field) {
                        TextField(label.localized, text: text(field))
                    } else {
                        SecureField(label.localized, text: text(field))
                    }
                }
                .autocorrectionDisabled()
                .textInputAutocapitalization(.never)
                Button {
                    if revealed.remove(field) == nil { revealed.insert(field) }
                } label: {
                    Image(systemName: revealed.contains(field) ? "eye.slash" : "eye")
                }
                .buttonStyle(.borderless)
                .accessibilityLabel(Row.revealLabel(shown: revealed.contains(field)).localized)
            }
        // A link holds the account's secret: nothing for autocorrection to learn.
        case .entry(let field, let label, let secret):
            if secret {
                TextField(label.localized, text: text(field)).keyboardType(.URL).autocorrectionDisabled().textInputAutocapitalization(.never)
            } else {
                TextField(label.localized, text: text(field))
            }
        case .pickImage(let label, let action): PickImageButton(label: label, action: action)
        case .camera: camera
        case .pickFile(let label, let action): PickFileButton(label: label, action: action)
        case .saveFile(let label, let name, let ext, let action):
            Button(label.localized) { [fields] in
                // In the app's temporary folder, under the name the exporter suggests, in the user's language.
                let path = FileManager.default.temporaryDirectory.appendingPathComponent(name.localized + "." + ext).path
                Task.detached {
                    try? FileManager.default.removeItem(atPath: path)
                    await action(Fields(fields), path)
                }
            }.bold()
        case .offerFile(let text, let path): FileOffer(text: text, url: URL(fileURLWithPath: path))
        case .qr(let code, let description): QrCode(code: code).accessibilityLabel(description.localized)
        case .busy: ProgressView()
        }
    }
}

/// A button that opens the photo picker; the picked image is decoded by ImageIO and scanned off
/// the main thread (`AddAccountViewModel.onImage`).
private struct PickImageButton: View {
    let label: UiText
    let action: @Sendable (any PickedImage) async -> Void
    @State private var photo: PhotosPickerItem?

    var body: some View {
        PhotosPicker(label.localized, selection: $photo, matching: .images)
            .onChange(of: photo) { item in
                Task {
                    if let data = try? await item?.loadTransferable(type: Data.self) { await action(PlatformPickedImage(data: data)) }
                }
            }
    }
}

/// A button that opens the file importer and hands the picked file to `action`, which reads it
/// off the main thread. Its own importer: one per button, none shared by the other rows.
private struct PickFileButton: View {
    let label: UiText
    let action: @Sendable (any ImportSource) async -> Void
    @State private var picking = false

    var body: some View {
        Button(label.localized) {
            #if DEBUG
            // The UI tests hand their backup over here: the system's importer is out of their reach.
            if let file = UITestLaunch(environment: ProcessInfo.processInfo.environment).pickedSource {
                Task { await action(file) }
                return
            }
            #endif
            picking = true
        }
        .fileImporter(isPresented: $picking, allowedContentTypes: [.data]) { result in
            guard case .success(let url) = result else { return }
            Task { await action(PickedFile(url: url)) }
        }
    }
}

/// The finished file, offered to the file exporter as the row shows; the temporary file is
/// deleted whatever the user chose.
private struct FileOffer: View {
    let text: UiText
    let url: URL
    @State private var offering = false

    var body: some View {
        Text(text.localized)
            .onAppear { offering = true }
            .fileExporter(isPresented: $offering, document: BackupFile(url: url), contentType: .data) { _ in
                try? FileManager.default.removeItem(at: url)
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

/// A transfer code: its modules on a white square with 4 light modules around; the screen stays on.
private struct QrCode: View {
    let code: TransferCode

    var body: some View {
        Canvas { context, size in
            let cell = (min(size.width, size.height) / CGFloat(code.size + 8)).rounded(.down)
            let origin = (min(size.width, size.height) - cell * CGFloat(code.size)) / 2
            for row in 0..<code.size {
                for column in 0..<code.size where code.isDark(row: row, column: column) {
                    let square = CGRect(x: origin + CGFloat(column) * cell, y: origin + CGFloat(row) * cell, width: cell, height: cell)
                    context.fill(Path(square), with: .color(.black))
                }
            }
        }
        .aspectRatio(1, contentMode: .fit)
        .background(Color.white)
        .onAppear { UIApplication.shared.isIdleTimerDisabled = true }
        .onDisappear { UIApplication.shared.isIdleTimerDisabled = false }
    }
}
