/// A screen described as parts that one generic renderer draws (ios/App `FormView.swift`; the
/// same model in android/presentation drawn by `FormScreen.kt`). Which parts show, in what
/// order, enabled or not, with which words, is decided by the view models' `form(_:)` and tested
/// here; the renderer only draws the parts and hands `FormEvent`s back. Screens with their own
/// drawing (the code list, the camera) are not forms.
public struct FormSpec: Sendable, Equatable {
    public var title: UiText
    public var parts: [FormPart]
    /// A call is running: the renderer shows progress and disables the buttons.
    public var busy: Bool
    /// The renderer keeps what is typed in the `.input`s under their field names; a new value
    /// here clears them all (after a passphrase was used, or the step changed).
    public var inputsGeneration: Int

    public init(title: UiText, parts: [FormPart], busy: Bool = false, inputsGeneration: Int = 0) {
        self.title = title
        self.parts = parts
        self.busy = busy
        self.inputsGeneration = inputsGeneration
    }
}

public enum FormPart: Sendable, Equatable {
    /// Starts a group of parts (a section of the SwiftUI Form).
    case heading(UiText)
    case note(UiText, tone: Tone = .plain)
    /// A list of short lines (an import report's entries, the accounts a transfer leaves out).
    case lines([UiText])
    /// A field whose typed value the renderer keeps under `field` and sends with every event.
    case input(field: String, label: UiText, kind: InputKind)
    /// A button; its `effect`, if any, runs in the platform first (the file importer...).
    case button(action: String, label: UiText, style: ButtonStyle = .primary, enabled: Bool = true, effect: FormEffect? = nil)
    /// An on/off setting; a tap sends `action` with the new value as the event's option ("on"/"off").
    case toggle(action: String, label: UiText, on: Bool, enabled: Bool = true)
    /// One of `options`; picking one sends `action` with its id as the event's option.
    case choice(action: String, label: UiText, options: [FormOption], selected: String)
    /// A QR code to show another phone: `size` x `size` modules, row by row, non-zero is dark.
    /// It holds secrets: drawn only while on screen, never logged.
    case qrCode(size: Int, modules: [UInt8])
    /// A finished file at `path` offered to the system's file exporter once; the file is deleted
    /// whatever the user chooses.
    case exportFile(path: String)
}

public struct FormOption: Sendable, Equatable {
    public var id: String
    public var label: UiText

    public init(id: String, label: UiText) {
        self.id = id
        self.label = label
    }
}

public enum Tone: Sendable, Equatable { case plain, success, warning, error }

public enum InputKind: Sendable, Equatable {
    case text
    /// A passphrase or password being typed to open something: masked, no suggestions.
    case secret
    /// A new passphrase being chosen: masked, no suggestions; the keychain may offer to save it.
    case newSecret
}

public enum ButtonStyle: Sendable, Equatable { case primary, secondary, destructive }

/// What the platform does before the view model hears of a button.
public enum FormEffect: Sendable, Equatable {
    /// Pick a file with the file importer; the view model gets it as an `ImportSource`.
    case openFile
    /// Open this app's page in Settings (a refused permission; iOS has no deeper link).
    case openAppSettings
}

/// What the user did on a form: `action` of a part, the typed values, a toggle's or choice's
/// `option`, and for `.openFile` the picked file.
public struct FormEvent: Sendable {
    public var action: String
    public var inputs: [String: String]
    public var option: String?
    public var file: (any ImportSource)?

    public init(action: String, inputs: [String: String] = [:], option: String? = nil, file: (any ImportSource)? = nil) {
        self.action = action
        self.inputs = inputs
        self.option = option
        self.file = file
    }
}

/// A view model the form renderer draws: its states, the form of a state, what to do on an event.
public protocol FormModel: Actor {
    associatedtype State: Sendable
    nonisolated var states: StateChannel<State> { get }
    nonisolated func form(_ state: State) -> FormSpec
    func onEvent(_ event: FormEvent) async
}
