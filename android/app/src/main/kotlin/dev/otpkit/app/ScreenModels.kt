package dev.otpkit.app

import androidx.lifecycle.ViewModel
import androidx.lifecycle.ViewModelProvider
import androidx.lifecycle.ViewModelStoreOwner
import androidx.lifecycle.viewModelScope
import androidx.lifecycle.viewmodel.initializer
import androidx.lifecycle.viewmodel.viewModelFactory
import dev.otpkit.android.OtpKitModule
import dev.otpkit.presentation.AccountsRepository
import dev.otpkit.presentation.AddAccountViewModel
import dev.otpkit.presentation.BackupViewModel
import dev.otpkit.presentation.ChangePassphraseViewModel
import dev.otpkit.presentation.CodesViewModel
import dev.otpkit.presentation.QrFrameScanner
import dev.otpkit.presentation.RestoreViewModel
import dev.otpkit.presentation.SecondTicker
import dev.otpkit.presentation.SettingsStore
import dev.otpkit.presentation.SettingsViewModel
import dev.otpkit.presentation.TransferViewModel
import dev.otpkit.presentation.UnlockViewModel
import dev.otpkit.presentation.VaultOpener

// androidx ViewModels that only give the plain view models (android/presentation) a
// lifecycle-bound scope. All logic stays there, tested on the JVM.

class CodesScreenModel(repository: AccountsRepository) : ViewModel() {
    val model = CodesViewModel(repository, System::currentTimeMillis, SecondTicker(System::currentTimeMillis), viewModelScope)
}

class AddScreenModel(repository: AccountsRepository, scanner: QrFrameScanner) : ViewModel() {
    val model = AddAccountViewModel(repository, scanner, viewModelScope)

    /** Closes the scanned code still waiting for the user's answer, if any. */
    override fun onCleared() = model.reset()
}

class BackupScreenModel(repository: AccountsRepository) : ViewModel() {
    val model = BackupViewModel(repository, viewModelScope)
}

class UnlockScreenModel(opener: VaultOpener, settings: SettingsStore) : ViewModel() {
    val model = UnlockViewModel(opener, viewModelScope, settings)
}

class RestoreScreenModel(repository: AccountsRepository) : ViewModel() {
    val model = RestoreViewModel(repository, viewModelScope)
}

class SettingsScreenModel(repository: AccountsRepository, settings: SettingsStore) : ViewModel() {
    val model = SettingsViewModel(repository, settings, viewModelScope)
}

class ChangePassphraseScreenModel(repository: AccountsRepository, settings: SettingsStore) : ViewModel() {
    val model = ChangePassphraseViewModel(repository, settings, viewModelScope)
}

class TransferScreenModel(repository: AccountsRepository) : ViewModel() {
    val model = TransferViewModel(repository, viewModelScope)

    /** The codes hold every secret: cleared when the model goes (the vault locked). */
    override fun onCleared() = model.finish()
}

// One model per screen, made on first use, in OtpKitApplication's stores (they outlive rotations;
// the open vault's are dropped when it locks); OtpKitNavigation resets a model as its screen opens.

fun ViewModelStoreOwner.codesModel(repository: AccountsRepository): CodesViewModel =
    model { CodesScreenModel(repository) }.model

fun ViewModelStoreOwner.addModel(repository: AccountsRepository, otpKit: OtpKitModule): AddAccountViewModel =
    model { AddScreenModel(repository, otpKit.qrScanner()) }.model

fun ViewModelStoreOwner.backupModel(repository: AccountsRepository): BackupViewModel =
    model { BackupScreenModel(repository) }.model

fun ViewModelStoreOwner.restoreModel(repository: AccountsRepository): RestoreViewModel = model { RestoreScreenModel(repository) }.model

fun ViewModelStoreOwner.settingsModel(repository: AccountsRepository, settings: SettingsStore): SettingsViewModel =
    model { SettingsScreenModel(repository, settings) }.model

fun ViewModelStoreOwner.passphraseModel(repository: AccountsRepository, settings: SettingsStore): ChangePassphraseViewModel =
    model { ChangePassphraseScreenModel(repository, settings) }.model

fun ViewModelStoreOwner.transferModel(repository: AccountsRepository): TransferViewModel = model { TransferScreenModel(repository) }.model

fun ViewModelStoreOwner.unlockModel(opener: VaultOpener, settings: SettingsStore): UnlockViewModel =
    model { UnlockScreenModel(opener, settings) }.model

private inline fun <reified T : ViewModel> ViewModelStoreOwner.model(crossinline create: () -> T): T =
    ViewModelProvider(this, viewModelFactory { initializer { create() } })[T::class.java]
