package dev.otpkit.presentation

import kotlinx.coroutines.flow.StateFlow

/**
 * A screen described as parts that one generic renderer draws (android/app `FormScreen.kt`, the
 * same model in ios/Presentation drawn by `FormView.swift`). Which parts show, in what order,
 * enabled or not, with which words, is decided by the view models' `form()` and tested here; the
 * renderer only draws the parts and hands [FormEvent]s back. Screens with their own drawing
 * (the code list, the camera) are not forms.
 */
data class FormSpec(
    val title: UiText,
    val parts: List<FormPart>,
    /** A call is running: the renderer shows progress and disables the buttons. */
    val busy: Boolean = false,
    /**
     * The renderer keeps what is typed in the [FormPart.Input]s under their field names; a new
     * value here clears them all (after a passphrase was used, or the step changed).
     */
    val inputsGeneration: Int = 0,
)

sealed interface FormPart {
    /** Starts a group of parts (an iOS FormSpec section, a title line on Android). */
    data class Heading(val text: UiText) : FormPart

    data class Note(val text: UiText, val tone: Tone = Tone.Plain) : FormPart

    /** A list of short lines (an import report's entries, the accounts a transfer leaves out). */
    data class Lines(val lines: List<UiText>) : FormPart

    /** A field whose typed value the renderer keeps under [field] and sends with every event. */
    data class Input(val field: String, val label: UiText, val kind: InputKind) : FormPart

    /** A button; its [effect], if any, runs in the platform first (a file picker...). */
    data class Button(
        val action: String,
        val label: UiText,
        val style: ButtonStyle = ButtonStyle.Primary,
        val enabled: Boolean = true,
        val effect: FormEffect? = null,
    ) : FormPart

    /** An on/off setting; a tap sends [action] with the new value as [FormEvent.option] ("on"/"off"). */
    data class Switch(val action: String, val label: UiText, val on: Boolean, val enabled: Boolean = true) : FormPart

    /** One of [options]; picking one sends [action] with its id as [FormEvent.option]. */
    data class Choice(val action: String, val label: UiText, val options: List<FormOption>, val selected: String) : FormPart

    /**
     * A QR code to show another phone: [size] x [size] modules, row by row, non-zero is dark.
     * It holds secrets: drawn only while on screen, never logged.
     */
    class QrCode(val size: Int, val modules: ByteArray) : FormPart {
        override fun equals(other: Any?) = other is QrCode && other.size == size && other.modules.contentEquals(modules)
        override fun hashCode() = 31 * size + modules.contentHashCode()
        override fun toString() = "QrCode(size=$size)"
    }
}

data class FormOption(val id: String, val label: UiText)

enum class Tone { Plain, Success, Warning, Error }

enum class InputKind {
    Text,

    /** A passphrase or password being typed to open something: masked, no suggestions. */
    Secret,

    /** A new passphrase being chosen: masked, no suggestions; the platform may offer to save it. */
    NewSecret,
}

enum class ButtonStyle { Primary, Secondary, Destructive }

/** What the platform does before the view model hears of a button. */
enum class FormEffect {
    /** Pick a file to read (the system picker, no storage permission); the view model gets a reader. */
    OpenFile,

    /** Pick where to save (Android's document creator); the view model gets the destination. */
    SaveFile,

    /** Open this app's page in the system settings (a refused permission). */
    OpenAppSettings,

    /** Open the system's date and time settings (a wrong clock). */
    OpenDateSettings,
}

/** What the user did on a form: [action] of a part, the typed values, and a switch's or choice's [option]. */
data class FormEvent(
    val action: String,
    val inputs: Map<String, String> = emptyMap(),
    val option: String? = null,
    /** For [FormEffect.OpenFile]: reads the picked file (call it off the main thread). */
    val file: (suspend () -> ByteArray)? = null,
    /** For [FormEffect.SaveFile]: where the user chose to save. */
    val destination: BackupDestination? = null,
)

/** A view model the form renderer draws: its [state], the [form] of a state, and what to do on an event. */
interface FormModel<S> {
    val state: StateFlow<S>

    fun form(state: S): FormSpec

    fun onEvent(event: FormEvent)
}
