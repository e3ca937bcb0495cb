package dev.otpkit.presentation

// The app's own models: what the screens show. Built from the generated bindings' types in one
// mapping file (android/otpkit: OtpKitMapping.kt), so this module compiles on a plain JVM and
// nothing here carries a secret except the text a user is typing into the manual form.

/** The kind of one-time password. */
enum class OtpType { Totp, Hotp, Steam }

/** One account as the list shows it. Never the secret. */
data class Account(
    val id: String,
    val type: OtpType,
    val issuer: String?,
    val label: String,
    val displayName: String,
    val digits: Int,
    /** Seconds per code; null for HOTP. */
    val periodSeconds: Int?,
    val group: String?,
    val note: String?,
)

/** One code and when it stops being valid. */
data class Code(
    val value: String,
    val next: String,
    /** Unix second at which [value] stops being valid; null for HOTP. */
    val validUntilUnix: Long?,
    /** Seconds per code; null for HOTP. */
    val periodSeconds: Int?,
)

/** One account's entry in a refresh: null for HOTP, whose codes come on request. */
data class AccountCode(val accountId: String, val code: Code?)

/** How the device clock stands (the core's verdict). */
enum class DriftStatus { Ok, Warn, Bad, Unknown }

/**
 * The outcome of a clock check. [offsetMs] is what to add to the device clock (negative: fast).
 * [message] is core's English, for logs: the screens say [DriftBanner]'s texts.
 */
data class DriftReport(
    val status: DriftStatus,
    val message: String,
    val offsetMs: Long?,
    val fresh: Boolean,
)

/**
 * A rejected entry of an import (or an export account the parser left out). The FFI gives
 * [message] as core's English text only (no kind to translate by): [NoteText] shows it as it is.
 */
data class ImportNote(val name: String, val message: String)

/**
 * A value the parser normalised in a URI, QR code or import file: [kind] is the FFI's stable name
 * (`secret_lowercase`, ...), which [NoteText] translates; [message] is core's English, for logs.
 */
data class UriWarning(val kind: String, val message: String)

/** A normalisation of an entry an import added: the entry's name and its warning. */
data class NormalisedNote(val name: String, val warning: UriWarning)

/** What an add or import did. Every entry is in exactly one of added, duplicates and rejected. */
data class ImportResult(
    val added: List<String>,
    val duplicates: List<String>,
    val normalised: List<NormalisedNote>,
    val rejected: List<ImportNote>,
)

/** One account a URI or QR code holds, without its secret. */
data class AccountPreview(
    val type: OtpType,
    val issuer: String?,
    val label: String,
    val digits: Int,
    val periodSeconds: Int?,
) {
    val displayName: String get() = if (issuer.isNullOrEmpty()) label else "$issuer: $label"
}

/** Where a Google Authenticator export QR code sits in its export. */
data class ExportPart(val batchId: Int, val index: Int, val size: Int)

/** What a URI or QR code holds. */
data class UriPreview(
    val accounts: List<AccountPreview>,
    val warnings: List<UriWarning>,
    val rejected: List<ImportNote>,
    val exportPart: ExportPart?,
)

/**
 * How far a Google Authenticator export spread over several QR codes has come (Rust's export
 * tracker): the codes seen and still missing, by index from 0.
 */
data class ExportBatchProgress(
    val batchId: Int,
    val size: Int,
    val seen: List<Int>,
    val missing: List<Int>,
    val complete: Boolean,
)

/**
 * Every code of one export, taken from the tracker once complete; its content stays in Rust.
 * [close] frees it once added or dropped (the view model does).
 */
interface ScannedExport : AutoCloseable {
    val batchId: Int
    val partCount: Int

    override fun close()
}

/** What a scanned QR code holds. */
enum class ScannedKind { Account, ExportPart, Other }

/**
 * A QR code found by the scanner. Its text stays in Rust (it holds the secret): the app previews
 * it and adds it through [AccountsRepository.addScanned]. [close] frees that text at once instead
 * of at the next garbage collection: the add screen's view model closes every code as soon as it
 * is added, tracked or dropped (a camera finds codes many times a second).
 */
interface ScannedQr : AutoCloseable {
    val kind: ScannedKind
    /** The accounts it holds; throws [OtpKitFailure] for a code that is not an authenticator code. */
    fun preview(): UriPreview

    override fun close()
}

/** Why a call failed: the kinds an app acts on differently (mirrors the bindings' OtpKitError). */
enum class FailureKind {
    InvalidInput,
    ClockUnusable,
    VaultNotFound,
    WrongPassphrase,
    PasswordRequired,
    KeyUnavailable,
    /** Removing this key slot would leave the vault with no way to open. */
    LastKeySlot,
    VaultCorrupt,
    NewerVersion,
    Storage,

    /** The user closed the biometric prompt: nothing changed, nothing to say. */
    Cancelled,

    /** The random source or the encryption library failed: nothing changed; only "try again" helps. */
    Internal,
}

/**
 * A failed call: [text] for the user, in their language; [message] core's English text for
 * logs. Neither ever holds a secret.
 */
class OtpKitFailure(
    val kind: FailureKind,
    val text: UiText,
    override val message: String = text.key,
) : Exception(message)

/** A way to unlock the vault: each is a key slot wrapping the vault's key. */
enum class UnlockMethod {
    /** The passphrase the user chose: always the way back in. */
    Passphrase,

    /** The platform key behind a biometric prompt; a new fingerprint or face destroys it. */
    Biometrics,
}
