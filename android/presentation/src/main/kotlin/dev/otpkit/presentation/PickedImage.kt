package dev.otpkit.presentation

import kotlin.math.sqrt

/**
 * An image the user picked (a screenshot or a photo of a QR code). The platform decodes it
 * (`ImageDecoder`, which also reads HEIC and applies the EXIF rotation): the Rust scanner reads
 * only luma planes. [AddAccountViewModel.onImage] calls [decode] off the main thread.
 */
fun interface PickedImage {
    /**
     * Decodes the image to a luma plane, at most [PickedImages.MAX_DECODE_PIXELS] pixels (see
     * [PickedImages.decodeSize]); blocking. Throws (an `IOException`, a decoder exception) when
     * the platform cannot read it.
     */
    fun decode(): LumaFrame
}

/** A width x height in pixels. */
data class PixelSize(val width: Int, val height: Int)

/** The platform-neutral half of decoding a picked image: how large, and ARGB pixels to luma. */
object PickedImages {
    /**
     * Most pixels a picked image is decoded at: 16 MP (4096 x 4096). A 12 MP photo and any
     * screenshot (scrolling ones too) keep every pixel; a 50 or 200 MP photo is scaled down,
     * which keeps its codes readable (a code small enough to be lost is too small to be read in
     * such a photo anyway) and the decoded bitmap near 64 MB, not 800 MB. Far below the
     * scanner's own limit (64 Mi pixels, `MAX_PIXELS` in core).
     */
    const val MAX_DECODE_PIXELS: Long = 4096L * 4096L

    /** Rows converted per pass of [luma]: bounds its ARGB buffer (about 1 MB for a 4096-wide image). */
    const val ROWS_PER_PASS = 64

    /**
     * The size to decode a [width] x [height] image at: as it is up to [MAX_DECODE_PIXELS]
     * pixels, else scaled down keeping its aspect ratio to at most that many, each side at least
     * 1. Null for an image without pixels (a side of 0 or less), which no decoder can give.
     */
    fun decodeSize(width: Int, height: Int): PixelSize? {
        if (width <= 0 || height <= 0) return null
        val pixels = width.toLong() * height
        if (pixels <= MAX_DECODE_PIXELS) return PixelSize(width, height)
        val scale = sqrt(MAX_DECODE_PIXELS.toDouble() / pixels)
        var w = maxOf(1, (width * scale).toInt())
        var h = maxOf(1, (height * scale).toInt())
        // Rounding (or a side clamped to 1) can leave the product above the limit: trim the
        // longer side to fit.
        if (w.toLong() * h > MAX_DECODE_PIXELS) {
            if (w >= h) w = (MAX_DECODE_PIXELS / h).toInt() else h = (MAX_DECODE_PIXELS / w).toInt()
        }
        return PixelSize(w, h)
    }

    /**
     * The luma plane of a decoded [width] x [height] image whose non-premultiplied ARGB pixels
     * (`Bitmap.getPixels`) [readRows] copies, [ROWS_PER_PASS] rows at a time: `readRows(buffer, y,
     * rows)` fills `buffer` with rows `y until y + rows`, `width` ints apart.
     */
    fun luma(width: Int, height: Int, readRows: (buffer: IntArray, y: Int, rows: Int) -> Unit): LumaFrame {
        require(width > 0 && height > 0) { "an image of ${width}x$height pixels has no pixels" }
        val out = ByteArray(width * height)
        val buffer = IntArray(width * minOf(ROWS_PER_PASS, height))
        var y = 0
        while (y < height) {
            val rows = minOf(ROWS_PER_PASS, height - y)
            readRows(buffer, y, rows)
            val start = y * width
            for (i in 0 until rows * width) out[start + i] = lumaOf(buffer[i]).toByte()
            y += rows
        }
        return LumaFrame(out, width, height, rowStride = width, rotationDegrees = 0)
    }

    /**
     * Luma of one ARGB pixel: Rec. 709 weights (as the Rust image decoder used), over white where
     * the pixel is transparent, so a dark code on a transparent background stays a dark code on
     * light.
     */
    fun lumaOf(argb: Int): Int {
        val alpha = argb ushr 24
        val r = (argb shr 16) and 0xFF
        val g = (argb shr 8) and 0xFF
        val b = argb and 0xFF
        val luma = (2126 * r + 7152 * g + 722 * b) / 10_000
        return (luma * alpha + 255 * (255 - alpha) + 127) / 255
    }
}
