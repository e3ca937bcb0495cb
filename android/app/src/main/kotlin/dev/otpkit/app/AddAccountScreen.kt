package dev.otpkit.app

import android.Manifest
import android.content.Context
import android.content.Intent
import android.content.pm.PackageManager
import android.net.Uri
import android.provider.Settings
import android.util.Size
import androidx.activity.compose.rememberLauncherForActivityResult
import androidx.activity.result.PickVisualMediaRequest
import androidx.activity.result.contract.ActivityResultContracts
import androidx.camera.core.CameraSelector
import androidx.camera.core.ImageAnalysis
import androidx.camera.core.Preview
import androidx.camera.core.resolutionselector.AspectRatioStrategy
import androidx.camera.core.resolutionselector.ResolutionSelector
import androidx.camera.core.resolutionselector.ResolutionStrategy
import androidx.camera.lifecycle.ProcessCameraProvider
import androidx.camera.view.PreviewView
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.height
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.safeDrawingPadding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material.icons.Icons
import androidx.compose.material.icons.filled.Visibility
import androidx.compose.material.icons.filled.VisibilityOff
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.Button
import androidx.compose.material3.Icon
import androidx.compose.material3.IconButton
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.DisposableEffect
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.unit.dp
import androidx.compose.ui.viewinterop.AndroidView
import androidx.core.content.ContextCompat
import androidx.lifecycle.Lifecycle
import androidx.lifecycle.compose.LifecycleEventEffect
import androidx.lifecycle.compose.LocalLifecycleOwner
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import dev.otpkit.android.PlatformPickedImage
import dev.otpkit.presentation.AddAccountUiState
import dev.otpkit.presentation.AddAccountViewModel
import dev.otpkit.presentation.CameraAccess
import dev.otpkit.presentation.CameraPermission
import dev.otpkit.presentation.ManualEntryForm
import dev.otpkit.presentation.Texts
import java.util.concurrent.Executors

/** Add by camera scan, from an image, by hand, or from an otpauth link. */
@Composable
fun AddAccountScreen(
    vm: AddAccountViewModel,
    openedLink: String?,
    onLinkHandled: () -> Unit,
    onClose: () -> Unit,
    /** Above the camera: the first run's transfer step says where the codes come from. */
    header: @Composable () -> Unit = {},
) {
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
    // Asked once as the screen opens; the decisions are CameraAccess's.
    var camera by rememberSaveable { mutableStateOf(CameraAccess.initial(cameraGranted(context))) }
    val askCamera = rememberLauncherForActivityResult(ActivityResultContracts.RequestPermission()) {
        camera = CameraAccess.answered(it)
    }
    LaunchedEffect(Unit) { if (CameraAccess.shouldAsk(camera)) askCamera.launch(Manifest.permission.CAMERA) }
    // Back from Settings, where the user may have allowed the camera.
    LifecycleEventEffect(Lifecycle.Event.ON_RESUME) { camera = CameraAccess.resumed(camera, cameraGranted(context)) }

    Column(
        Modifier.fillMaxSize().safeDrawingPadding().verticalScroll(rememberScrollState()).padding(16.dp),
        verticalArrangement = Arrangement.spacedBy(12.dp),
    ) {
        header()
        // One branch for both camera states: the preview stays when the first export code is in.
        if (state.cameraOn) {
            when (camera) {
                CameraPermission.Granted -> CameraPreview(vm, Modifier.fillMaxWidth().height(320.dp))
                // The system's question is on screen.
                CameraPermission.NotAsked -> {}
                CameraPermission.Denied -> {
                    Text(CameraAccess.DENIED_MESSAGE.resolve())
                    Button(onClick = { openAppSettings(context) }) { Text(CameraAccess.OPEN_SETTINGS.resolve()) }
                }
            }
        }
        when (val s = state) {
            is AddAccountUiState.Scanning -> s.hint?.let { Text(it.resolve()) }
            is AddAccountUiState.ExportProgress -> {
                Text(s.text.resolve())
                Text(s.missingText.resolve())
                s.hint?.let { Text(it.resolve()) }
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
        // The link holds the account's secret: the secret keyboard, but readable.
        SecretField(link, { link = it }, Texts.addLinkField.resolve(), Modifier.fillMaxWidth(), shown = true)
        Button(onClick = { vm.submitLink(link) }) { Text(Texts.addLinkButton.resolve()) }
    }

    manual?.let { form ->
        AlertDialog(
            onDismissRequest = { manual = null },
            title = { Text(Texts.addEnterKeyTitle.resolve()) },
            text = {
                Column {
                    OutlinedTextField(form.issuer, { manual = form.copy(issuer = it) }, label = { Text(Texts.addFieldService.resolve()) }, singleLine = true)
                    OutlinedTextField(form.label, { manual = form.copy(label = it) }, label = { Text(Texts.addFieldAccount.resolve()) }, singleLine = true)
                    SecretField(form.secret, { manual = form.copy(secret = it) }, Texts.addFieldSetupKey.resolve(), shown = form.secretShown) {
                        IconButton(onClick = { manual = form.toggleSecretShown() }) {
                            Icon(
                                if (form.secretShown) Icons.Filled.VisibilityOff else Icons.Filled.Visibility,
                                contentDescription = form.secretToggleLabel.resolve(),
                            )
                        }
                    }
                }
            },
            confirmButton = { TextButton(onClick = { vm.submitManual(form); manual = null }) { Text(Texts.actionAdd.resolve()) } },
            dismissButton = { TextButton(onClick = { manual = null }) { Text(Texts.actionCancel.resolve()) } },
        )
    }
}

private fun cameraGranted(context: Context) =
    ContextCompat.checkSelfPermission(context, Manifest.permission.CAMERA) == PackageManager.PERMISSION_GRANTED

/** The app's page in Settings, where its camera permission is. */
private fun openAppSettings(context: Context) {
    context.startActivity(Intent(Settings.ACTION_APPLICATION_DETAILS_SETTINGS, Uri.fromParts("package", context.packageName, null)))
}

/**
 * CameraX preview plus an ImageAnalysis whose Y planes go to the view model's scanner, at
 * 1280x720 (16:9, the closest size when the camera has not that one): a dense export code is
 * unreadable at CameraX's default 640x480. Only the latest frame is kept while one is scanned.
 */
@Composable
private fun CameraPreview(vm: AddAccountViewModel, modifier: Modifier) {
    val context = LocalContext.current
    val owner = LocalLifecycleOwner.current
    val previewView = remember { PreviewView(context) }
    DisposableEffect(owner, vm) {
        val analysisExecutor = Executors.newSingleThreadExecutor()
        val providerFuture = ProcessCameraProvider.getInstance(context)
        var disposed = false
        providerFuture.addListener({
            // The screen may have gone while the provider was coming.
            if (disposed) return@addListener
            val provider = providerFuture.get()
            val preview = Preview.Builder().build().also { it.setSurfaceProvider(previewView.surfaceProvider) }
            val analysis = ImageAnalysis.Builder()
                .setResolutionSelector(
                    ResolutionSelector.Builder()
                        // Aspect ratio goes first in CameraX's choice: ask for 16:9 so 1280x720 can win.
                        .setAspectRatioStrategy(AspectRatioStrategy.RATIO_16_9_FALLBACK_AUTO_STRATEGY)
                        // In the sensor's (landscape) orientation.
                        .setResolutionStrategy(
                            ResolutionStrategy(Size(1280, 720), ResolutionStrategy.FALLBACK_RULE_CLOSEST_HIGHER_THEN_LOWER),
                        )
                        .build(),
                )
                .setBackpressureStrategy(ImageAnalysis.STRATEGY_KEEP_ONLY_LATEST)
                .setOutputImageFormat(ImageAnalysis.OUTPUT_IMAGE_FORMAT_YUV_420_888)
                .build()
                .also { it.setAnalyzer(analysisExecutor, QrAnalyzer(vm::onFrame)) }
            provider.unbindAll()
            provider.bindToLifecycle(owner, CameraSelector.DEFAULT_BACK_CAMERA, preview, analysis)
        }, ContextCompat.getMainExecutor(context))
        onDispose {
            disposed = true
            if (providerFuture.isDone) providerFuture.get().unbindAll()
            analysisExecutor.shutdown()
        }
    }
    AndroidView({ previewView }, modifier)
}
