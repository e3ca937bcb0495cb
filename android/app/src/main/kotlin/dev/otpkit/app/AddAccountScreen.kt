package dev.otpkit.app

import android.Manifest
import android.content.pm.PackageManager
import androidx.activity.compose.rememberLauncherForActivityResult
import androidx.activity.result.PickVisualMediaRequest
import androidx.activity.result.contract.ActivityResultContracts
import androidx.camera.core.CameraSelector
import androidx.camera.core.ImageAnalysis
import androidx.camera.core.Preview
import androidx.camera.lifecycle.ProcessCameraProvider
import androidx.camera.view.PreviewView
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.height
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.Button
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.DisposableEffect
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.unit.dp
import androidx.compose.ui.viewinterop.AndroidView
import androidx.core.content.ContextCompat
import androidx.lifecycle.compose.LocalLifecycleOwner
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import androidx.lifecycle.viewmodel.compose.viewModel
import dev.otpkit.android.OtpKitModule
import dev.otpkit.android.PlatformPickedImage
import dev.otpkit.presentation.AccountsRepository
import dev.otpkit.presentation.AddAccountUiState
import dev.otpkit.presentation.AddAccountViewModel
import dev.otpkit.presentation.ManualEntryForm
import dev.otpkit.presentation.Texts
import java.util.concurrent.Executors

/** Add by camera scan, from an image, by hand, or from an otpauth link. */
@Composable
fun AddAccountScreen(
    repository: AccountsRepository,
    otpKit: OtpKitModule,
    openedLink: String?,
    onLinkHandled: () -> Unit,
    onClose: () -> Unit,
) {
    val vm = viewModel { AddScreenModel(repository, otpKit.qrScanner()) }.model
    val state by vm.state.collectAsStateWithLifecycle()
    val context = LocalContext.current
    var manual by remember { mutableStateOf<ManualEntryForm?>(null) }
    var link by remember { mutableStateOf("") }

    LaunchedEffect(openedLink) {
        openedLink?.let {
            vm.submitLink(it)
            onLinkHandled()
        }
    }
    val pickImage = rememberLauncherForActivityResult(ActivityResultContracts.PickVisualMedia()) { uri ->
        // Decoded by the platform and scanned off the main thread (AddAccountViewModel.onImage).
        uri?.let { vm.onImage(PlatformPickedImage(context.contentResolver, it)) }
    }
    var cameraAllowed by remember {
        mutableStateOf(ContextCompat.checkSelfPermission(context, Manifest.permission.CAMERA) == PackageManager.PERMISSION_GRANTED)
    }
    val askCamera = rememberLauncherForActivityResult(ActivityResultContracts.RequestPermission()) { cameraAllowed = it }
    LaunchedEffect(Unit) { if (!cameraAllowed) askCamera.launch(Manifest.permission.CAMERA) }

    Column(Modifier.fillMaxSize().padding(16.dp), verticalArrangement = Arrangement.spacedBy(12.dp)) {
        when (val s = state) {
            is AddAccountUiState.Scanning, is AddAccountUiState.ExportProgress -> {
                if (cameraAllowed) CameraPreview(vm, Modifier.fillMaxWidth().height(320.dp))
                else Text(Texts.addCameraDenied.resolve())
                (s as? AddAccountUiState.Scanning)?.hint?.let { Text(it.resolve()) }
                (s as? AddAccountUiState.ExportProgress)?.let { progress ->
                    Text(progress.text.resolve())
                    Text(progress.missingText.resolve())
                    progress.hint?.let { Text(it.resolve()) }
                }
            }
            is AddAccountUiState.Confirm -> AlertDialog(
                onDismissRequest = vm::scanAgain,
                title = { Text(s.title.resolve()) },
                text = { Text((s.accounts.map { it.displayName } + s.warnings.map { it.resolve() }).joinToString("\n")) },
                confirmButton = { TextButton(onClick = vm::confirm) { Text(Texts.actionAdd.resolve()) } },
                dismissButton = { TextButton(onClick = vm::scanAgain) { Text(Texts.actionCancel.resolve()) } },
            )
            AddAccountUiState.Saving -> Text(Texts.addAdding.resolve())
            is AddAccountUiState.Done -> AlertDialog(
                onDismissRequest = onClose,
                title = { Text(s.report.title.resolve()) },
                text = { Text(s.report.lines.map { it.resolve() }.joinToString("\n")) },
                confirmButton = { TextButton(onClick = onClose) { Text(Texts.actionDone.resolve()) } },
                dismissButton = { TextButton(onClick = vm::scanAgain) { Text(Texts.addAnother.resolve()) } },
            )
            is AddAccountUiState.Failed -> AlertDialog(
                onDismissRequest = vm::scanAgain,
                text = { Text(s.message.resolve()) },
                confirmButton = { TextButton(onClick = vm::scanAgain) { Text(Texts.actionOk.resolve()) } },
            )
        }
        Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
            Button(onClick = { pickImage.launch(PickVisualMediaRequest(ActivityResultContracts.PickVisualMedia.ImageOnly)) }) { Text(Texts.addFromImage.resolve()) }
            Button(onClick = { manual = ManualEntryForm() }) { Text(Texts.addEnterKeyButton.resolve()) }
        }
        OutlinedTextField(link, { link = it }, Modifier.fillMaxWidth(), label = { Text(Texts.addLinkField.resolve()) }, singleLine = true)
        Button(onClick = { vm.submitLink(link) }) { Text(Texts.addLinkButton.resolve()) }
    }

    manual?.let { form ->
        AlertDialog(
            onDismissRequest = { manual = null },
            title = { Text(Texts.addEnterKeyTitle.resolve()) },
            text = {
                Column {
                    OutlinedTextField(form.issuer, { manual = form.copy(issuer = it) }, label = { Text(Texts.addFieldService.resolve()) })
                    OutlinedTextField(form.label, { manual = form.copy(label = it) }, label = { Text(Texts.addFieldAccount.resolve()) })
                    OutlinedTextField(form.secret, { manual = form.copy(secret = it) }, label = { Text(Texts.addFieldSetupKey.resolve()) })
                }
            },
            confirmButton = { TextButton(onClick = { vm.submitManual(form); manual = null }) { Text(Texts.actionAdd.resolve()) } },
            dismissButton = { TextButton(onClick = { manual = null }) { Text(Texts.actionCancel.resolve()) } },
        )
    }
}

/** CameraX preview plus an ImageAnalysis whose Y planes go to the view model's scanner. */
@Composable
private fun CameraPreview(vm: AddAccountViewModel, modifier: Modifier) {
    val context = LocalContext.current
    val owner = LocalLifecycleOwner.current
    val analysisExecutor = remember { Executors.newSingleThreadExecutor() }
    val previewView = remember { PreviewView(context) }
    DisposableEffect(owner) {
        val providerFuture = ProcessCameraProvider.getInstance(context)
        providerFuture.addListener({
            val provider = providerFuture.get()
            val preview = Preview.Builder().build().also { it.setSurfaceProvider(previewView.surfaceProvider) }
            val analysis = ImageAnalysis.Builder()
                .setBackpressureStrategy(ImageAnalysis.STRATEGY_KEEP_ONLY_LATEST)
                .setOutputImageFormat(ImageAnalysis.OUTPUT_IMAGE_FORMAT_YUV_420_888)
                .build()
                .also { it.setAnalyzer(analysisExecutor, QrAnalyzer(vm::onFrame)) }
            provider.unbindAll()
            provider.bindToLifecycle(owner, CameraSelector.DEFAULT_BACK_CAMERA, preview, analysis)
        }, ContextCompat.getMainExecutor(context))
        onDispose {
            if (providerFuture.isDone) providerFuture.get().unbindAll()
            analysisExecutor.shutdown()
        }
    }
    AndroidView({ previewView }, modifier)
}
