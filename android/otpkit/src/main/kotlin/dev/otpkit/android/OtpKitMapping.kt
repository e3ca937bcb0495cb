package dev.otpkit.android

import dev.otpkit.presentation.Account
import dev.otpkit.presentation.AccountCode
import dev.otpkit.presentation.AccountPreview
import dev.otpkit.presentation.Code
import dev.otpkit.presentation.DriftReport
import dev.otpkit.presentation.DriftStatus
import dev.otpkit.presentation.ErrorText
import dev.otpkit.presentation.ExportPart
import dev.otpkit.presentation.FailureKind
import dev.otpkit.presentation.ImportNote
import dev.otpkit.presentation.NormalisedNote
import dev.otpkit.presentation.ImportResult
import dev.otpkit.presentation.OtpKitFailure
import dev.otpkit.presentation.OtpType
import dev.otpkit.presentation.UiText
import dev.otpkit.presentation.UnlockMethod
import dev.otpkit.presentation.UriPreview
import dev.otpkit.presentation.UriWarning

// Every conversion between the generated bindings (package dev.otpkit) and the app's models
// (dev.otpkit.presentation), in one file. Enums are mapped with exhaustive `when`, never by
// position, so a variant added in Rust breaks the build here instead of showing the wrong thing.

internal fun dev.otpkit.OtpKind.toOtpType(): OtpType = when (this) {
    dev.otpkit.OtpKind.TOTP -> OtpType.Totp
    dev.otpkit.OtpKind.HOTP -> OtpType.Hotp
    dev.otpkit.OtpKind.STEAM -> OtpType.Steam
}

internal fun dev.otpkit.AccountView.toAccount(): Account = Account(
    id = accountId,
    type = kind.toOtpType(),
    issuer = issuer,
    label = label,
    displayName = displayName,
    digits = digits,
    periodSeconds = periodSeconds,
    group = group,
    note = note,
)

internal fun dev.otpkit.CodeView.toCode(): Code = Code(
    value = code,
    next = nextCode,
    validUntilUnix = validUntilUnix,
    periodSeconds = periodSeconds,
)

internal fun dev.otpkit.AccountCode.toAccountCode(): AccountCode = AccountCode(accountId, code?.toCode())

internal fun dev.otpkit.DriftStatus.toStatus(): DriftStatus = when (this) {
    dev.otpkit.DriftStatus.OK -> DriftStatus.Ok
    dev.otpkit.DriftStatus.WARN -> DriftStatus.Warn
    dev.otpkit.DriftStatus.BAD -> DriftStatus.Bad
    dev.otpkit.DriftStatus.UNKNOWN -> DriftStatus.Unknown
}

internal fun dev.otpkit.DriftReport.toDriftReport(): DriftReport =
    DriftReport(status.toStatus(), message, offsetMs, fresh)

internal fun dev.otpkit.ImportReport.toImportResult(): ImportResult = ImportResult(
    added = added.map { it.name },
    duplicates = duplicates.map { it.name },
    normalised = normalised.map { NormalisedNote(it.name, UriWarning(it.kind, it.message)) },
    rejected = rejected.map { ImportNote(it.name, it.message) },
)

internal fun dev.otpkit.AccountPreview.toPreview(): AccountPreview =
    AccountPreview(kind.toOtpType(), issuer, label, digits, periodSeconds)

internal fun dev.otpkit.ParsedUri.toUriPreview(): UriPreview = UriPreview(
    accounts = accounts.map { it.toPreview() },
    warnings = warnings.map { UriWarning(it.kind, it.message) },
    rejected = rejected.map { ImportNote(it.name, it.message) },
    exportPart = exportPart?.let { ExportPart(it.batchId, it.index, it.size) },
)

internal fun dev.otpkit.SlotKind.toUnlockMethod(): UnlockMethod = when (this) {
    dev.otpkit.SlotKind.PASSPHRASE -> UnlockMethod.Passphrase
    dev.otpkit.SlotKind.PLATFORM -> UnlockMethod.Biometrics
}

/**
 * The bindings' error as the app's failure: the kind from the variant (what the app does), the
 * user's text from the reason and its details (what it says, in the user's language), and
 * core's English text for logs.
 */
internal fun dev.otpkit.OtpKitException.toFailure(): OtpKitFailure {
    val kind = when (this) {
        is dev.otpkit.OtpKitException.InvalidInput -> FailureKind.InvalidInput
        is dev.otpkit.OtpKitException.ClockUnusable -> FailureKind.ClockUnusable
        is dev.otpkit.OtpKitException.VaultNotFound -> FailureKind.VaultNotFound
        is dev.otpkit.OtpKitException.WrongPassphrase -> FailureKind.WrongPassphrase
        is dev.otpkit.OtpKitException.PasswordRequired -> FailureKind.PasswordRequired
        is dev.otpkit.OtpKitException.KeyUnavailable -> FailureKind.KeyUnavailable
        is dev.otpkit.OtpKitException.Cancelled -> FailureKind.Cancelled
        is dev.otpkit.OtpKitException.LastKeySlot -> FailureKind.LastKeySlot
        is dev.otpkit.OtpKitException.VaultCorrupt -> FailureKind.VaultCorrupt
        is dev.otpkit.OtpKitException.NewerVersion -> FailureKind.NewerVersion
        // RustAccountsRepository reloads and retries once; a second refusal is shown as a
        // storage failure ("try again").
        is dev.otpkit.OtpKitException.ChangedElsewhere -> FailureKind.Storage
        is dev.otpkit.OtpKitException.Storage -> FailureKind.Storage
        is dev.otpkit.OtpKitException.Internal -> FailureKind.Internal
    }
    return OtpKitFailure(kind, reason().toText(details()), text())
}

/** The user's text of a reason: `error_<reason>` filled from [details] (tools/strings/errors.toml). */
internal fun dev.otpkit.ErrorReason.toText(details: dev.otpkit.ErrorDetails): UiText = ErrorText.of(
    reason = name.lowercase(),
    position = details.position,
    value = details.value,
    length = details.length,
    limit = details.limit,
    field = details.field,
    found = details.found,
    server = details.server,
    format = details.format?.name,
    slot = details.slot?.name,
)

/** Runs a bindings call, turning its error into the app's [OtpKitFailure]. */
internal inline fun <T> mapped(call: () -> T): T = try {
    call()
} catch (e: dev.otpkit.OtpKitException) {
    throw e.toFailure()
}
