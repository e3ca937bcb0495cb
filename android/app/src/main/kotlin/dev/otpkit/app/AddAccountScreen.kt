package dev.otpkit.app

import android.Manifest
import android.content.Context
import android.content.Intent
import android.content.pm.PackageManager
import android.net.Uri
import android.provider.Settings
import android.util.Size
import androidx.activity.compose.rememberLauncherForActivityResult
import androidx.activity.result.contract.ActivityResultContracts
import androidx.camera.core.CameraSelector
import androidx.camera.core.ImageAnalysis
import androidx.camera.core.Preview
import androidx.camera.core.resolutionselector.AspectRatioStrategy
import androidx.camera.core.resolutionselector.ResolutionSelector
import androidx.camera.core.resolutionselector.ResolutionStrategy
import androidx.camera.lifecycle.ProcessCameraProvider
import androidx.camera.view.PreviewView
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.height
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
import androidx.compose.ui.semantics.SemanticsPropertyKey
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.unit.dp
import androidx.compose.ui.viewinterop.AndroidView
import androidx.core.content.ContextCompat
import androidx.lifecycle.Lifecycle
import androidx.lifecycle.compose.LifecycleEventEffect
import androidx.lifecycle.compose.LocalLifecycleOwner
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import dev.otpkit.presentation.AddAccountViewModel
import dev.otpkit.presentation.AppSession
import dev.otpkit.presentation.CameraAccess
import dev.otpkit.presentation.JourneyRows
import dev.otpkit.presentation.LumaFrame
import dev.otpkit.presentation.Row
import java.util.concurrent.Executors

/**
 * Add by camera scan, from an image, by hand, or from an otpauth link: the rows are
 * [JourneyRows.add]'s, the camera preview and its permission are drawn and asked here.
 */
@Composable
fun AddAccountScreen(
    vm: AddAccountViewModel,
    session: AppSession,
    openedLink: String?,
    onLinkHandled: () -> Unit,
    onClose: () -> Unit,
    /** Above the camera: the first run's transfer step says where the codes come from. */
    header: List<Row> = emptyList(),
) {
    val state by vm.state.collectAsStateWithLifecycle()
    val context = LocalContext.current
    LaunchedEffect(openedLink) {
        openedLink?.let {
            vm.submitLink(it)
            onLinkHandled()
        }
    }
    // Asked once as the screen opens; the decisions are CameraAccess's.
    var camera by rememberSaveable { mutableStateOf(CameraAccess.initial(cameraGranted(context))) }
    val askCamera = rememberLauncherForActivityResult(ActivityResultContracts.RequestPermission()) {
        camera = CameraAccess.answered(it)
    }
    LaunchedEffect(Unit) { if (CameraAccess.shouldAsk(camera)) askCamera.launch(Manifest.permission.CAMERA) }
    // Back from Settings, where the user may have allowed the camera.
    LifecycleEventEffect(Lifecycle.Event.ON_RESUME) { camera = CameraAccess.resumed(camera, cameraGranted(context)) }

    Rows(header + JourneyRows.add(state, vm, camera, { openAppSettings(context) }, onClose), session) { modifier ->
        CameraPreview(vm, modifier.fillMaxWidth().height(320.dp))
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
            // A phone (or an emulator) without a back camera shows an empty preview.
            runCatching { provider.bindToLifecycle(owner, CameraSelector.DEFAULT_BACK_CAMERA, preview, analysis) }
        }, ContextCompat.getMainExecutor(context))
        onDispose {
            disposed = true
            if (providerFuture.isDone) providerFuture.get().unbindAll()
            analysisExecutor.shutdown()
        }
    }
    // Debug builds only: the device tests feed frames here, the way the analyzer does.
    AndroidView({ previewView }, if (BuildConfig.DEBUG) modifier.semantics { this[FrameInput] = vm::onFrame } else modifier)
}

/** Where a debug build's camera preview takes frames from the device tests (a semantics property, no accessibility service sees it). */
val FrameInput = SemanticsPropertyKey<(LumaFrame) -> Unit>("FrameInput")
