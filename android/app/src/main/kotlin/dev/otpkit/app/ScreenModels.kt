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
import dev.otpkit.presentation.CodesViewModel
import dev.otpkit.presentation.QrFrameScanner
import dev.otpkit.presentation.SecondTicker
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

class UnlockScreenModel(opener: VaultOpener) : ViewModel() {
    val model = UnlockViewModel(opener, viewModelScope)
}

// One model per screen in the activity's ViewModelStore (it outlives rotations), made on first
// use; OtpKitNavigation resets the add and backup models as it opens their screens.

fun ViewModelStoreOwner.codesModel(repository: AccountsRepository): CodesViewModel =
    model { CodesScreenModel(repository) }.model

fun ViewModelStoreOwner.addModel(repository: AccountsRepository, otpKit: OtpKitModule): AddAccountViewModel =
    model { AddScreenModel(repository, otpKit.qrScanner()) }.model

fun ViewModelStoreOwner.backupModel(repository: AccountsRepository): BackupViewModel =
    model { BackupScreenModel(repository) }.model

private inline fun <reified T : ViewModel> ViewModelStoreOwner.model(crossinline create: () -> T): T =
    ViewModelProvider(this, viewModelFactory { initializer { create() } })[T::class.java]
