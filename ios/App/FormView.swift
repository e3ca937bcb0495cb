import OtpKitPresentation
import SwiftUI
import UIKit
import UniformTypeIdentifiers

/// A form view model's screen: its states drawn by `FormPartsView`. The view model is held in
/// @State with the first `Observed`: a parent's body may re-run (every second on the code list)
/// and a new one would not be the one watched.
struct FormView<Model: FormModel>: View {
    @State private var model: Model
    @StateObject private var observed: Observed<Model.State>

    init(model: Model) {
        _model = State(initialValue: model)
        _observed = StateObject(wrappedValue: Observed(model.states))
    }

    var body: some View {
        FormPartsView(form: model.form(observed.state)) { event in
            Task { [model] in await model.onEvent(event) }
        }
    }
}

/// Draws a `FormSpec`: every screen made of text, fields, buttons, toggles and choices. Decides
/// nothing: what shows and when is the form's (ios/Presentation, tested); this only keeps what is
/// typed and runs the platform's part of a button (the file importer and exporter, Settings).
struct FormPartsView: View {
    let form: FormSpec
    let onEvent: (FormEvent) -> Void
    /// What is typed, by field; cleared when the form's `inputsGeneration` changes.
    @State private var inputs: [String: String] = [:]
    /// The button whose file importer is open.
    @State private var importing: String?
    /// The file being offered to the exporter.
    @State private var exporting: BackupFile?
    @Environment(\.openURL) private var openURL

    var body: some View {
        SwiftUI.Form {
            if form.busy { ProgressView() }
            ForEach(Array(form.parts.enumerated()), id: \.offset) { _, part in
                row(part)
            }
        }
        .navigationTitle(form.title.localized)
        .onChange(of: form.inputsGeneration) { _ in inputs = [:] }
        .fileImporter(isPresented: Binding(get: { importing != nil }, set: { if !$0 { importing = nil } }), allowedContentTypes: [.data]) { result in
            guard let action = importing else { return }
            importing = nil
            // Read by the view model off the main thread: a slow provider must not freeze the screen.
            if case .success(let url) = result { onEvent(FormEvent(action: action, inputs: inputs, file: PickedFile(url: url))) }
        }
        .fileExporter(isPresented: Binding(get: { exporting != nil }, set: { if !$0 { exporting = nil } }), document: exporting, contentType: .data) { _ in
            // The temporary copy is deleted whatever the user chose.
            if let url = exporting?.url { try? FileManager.default.removeItem(at: url) }
            exporting = nil
        }
    }

    @ViewBuilder
    private func row(_ part: FormPart) -> some View {
        switch part {
        case .heading(let text):
            Text(text.localized).font(.headline).accessibilityAddTraits(.isHeader)
        case .note(let text, let tone):
            Text(text.localized).foregroundStyle(tone.color)
        case .lines(let lines):
            ForEach(Array(lines.enumerated()), id: \.offset) { _, line in Text(line.localized).font(.footnote) }
        case .input(let field, let label, let kind):
            let binding = Binding(get: { inputs[field] ?? "" }, set: { inputs[field] = $0 })
            switch kind {
            case .text: TextField(label.localized, text: binding).autocorrectionDisabled()
            case .secret: SecureField(label.localized, text: binding).passwordEntry()
            case .newSecret: SecureField(label.localized, text: binding).passwordEntry(new: true)
            }
        case .button(let action, let label, let style, let enabled, let effect):
            Button(role: style == .destructive ? .destructive : nil) {
                switch effect {
                case nil: onEvent(FormEvent(action: action, inputs: inputs))
                case .openFile: importing = action
                case .openAppSettings:
                    if let url = URL(string: UIApplication.openSettingsURLString) { openURL(url) }
                }
            } label: {
                Text(label.localized).fontWeight(style == .primary ? .semibold : .regular)
            }
            .disabled(!enabled || form.busy)
        case .toggle(let action, let label, let on, let enabled):
            Toggle(label.localized, isOn: Binding(get: { on }, set: { onEvent(FormEvent(action: action, inputs: inputs, option: $0 ? "on" : "off")) }))
                .disabled(!enabled || form.busy)
        case .choice(let action, let label, let options, let selected):
            Picker(label.localized, selection: Binding(get: { selected }, set: { onEvent(FormEvent(action: action, inputs: inputs, option: $0)) })) {
                ForEach(options, id: \.id) { option in Text(option.label.localized).tag(option.id) }
            }
            .disabled(form.busy)
        case .qrCode(let size, let modules):
            QrMatrixView(size: size, modules: modules)
        case .exportFile(let path):
            // Offered once, when the part appears.
            Color.clear.frame(height: 0).onAppear { exporting = BackupFile(url: URL(fileURLWithPath: path)) }
        }
    }
}

/// A QR code's modules, black on a white quiet zone of 4 modules (what scanners expect).
struct QrMatrixView: View {
    let size: Int
    let modules: [UInt8]

    var body: some View {
        Canvas { context, area in
            let cell = min(area.width, area.height) / CGFloat(size + 8)
            context.fill(Path(CGRect(origin: .zero, size: area)), with: .color(.white))
            for row in 0..<size {
                for column in 0..<size where modules[row * size + column] != 0 {
                    let rect = CGRect(x: CGFloat(column + 4) * cell, y: CGFloat(row + 4) * cell, width: cell, height: cell)
                    context.fill(Path(rect), with: .color(.black))
                }
            }
        }
        .aspectRatio(1, contentMode: .fit)
        .accessibilityHidden(true)
    }
}

private extension Tone {
    var color: Color {
        switch self {
        case .plain: return .primary
        case .success: return .green
        case .warning: return .orange
        case .error: return .red
        }
    }
}
