package dev.otpkit.app

import androidx.lifecycle.ViewModel
import androidx.lifecycle.viewModelScope
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
}

class BackupScreenModel(repository: AccountsRepository) : ViewModel() {
    val model = BackupViewModel(repository, viewModelScope)
}

class UnlockScreenModel(opener: VaultOpener) : ViewModel() {
    val model = UnlockViewModel(opener, viewModelScope)
}
