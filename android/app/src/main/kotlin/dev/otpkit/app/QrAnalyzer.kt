package dev.otpkit.app

import androidx.camera.core.ImageAnalysis
import androidx.camera.core.ImageProxy
import dev.otpkit.presentation.LumaFrame

/**
 * CameraX analyzer: hands each frame's Y plane to the add screen's view model, which scans it on
 * this (the analyzer's) thread. Use with STRATEGY_KEEP_ONLY_LATEST and YUV_420_888: plane 0 is
 * luma, rows `rowStride` bytes apart (often wider than the image); Rust reads the stride, so the
 * plane is copied as is, without repacking.
 */
class QrAnalyzer(private val onFrame: (LumaFrame) -> Unit) : ImageAnalysis.Analyzer {
    private var buffer = ByteArray(0)

    override fun analyze(image: ImageProxy) {
        image.use {
            val plane = it.planes[0]
            val data = plane.buffer
            // The last row may be shorter than rowStride: copy what the buffer holds.
            val size = data.remaining()
            if (buffer.size != size) buffer = ByteArray(size)
            data.get(buffer, 0, size)
            onFrame(LumaFrame(buffer, it.width, it.height, plane.rowStride, it.imageInfo.rotationDegrees))
        }
    }
}
