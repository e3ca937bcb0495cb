package dev.otpkit.android

import android.content.ContentResolver
import android.graphics.ImageDecoder
import android.net.Uri
import dev.otpkit.presentation.LumaFrame
import dev.otpkit.presentation.PickedImage
import dev.otpkit.presentation.PickedImages

/**
 * A picked image decoded by Android's [ImageDecoder] (PNG, JPEG, HEIC, WebP, ...; the EXIF
 * rotation applied), scaled to at most [PickedImages.MAX_DECODE_PIXELS] pixels, into the luma
 * plane the scanner reads. [decode] blocks: the add screen's view model calls it off the main
 * thread. Decoding errors are `IOException`s (`ImageDecoder.DecodeException` is one).
 */
class PlatformPickedImage(private val resolver: ContentResolver, private val uri: Uri) : PickedImage {
    override fun decode(): LumaFrame {
        val source = ImageDecoder.createSource(resolver, uri)
        val bitmap = ImageDecoder.decodeBitmap(source) { decoder, info, _ ->
            // No size: an image without pixels, which the decoder itself refuses.
            val size = PickedImages.decodeSize(info.size.width, info.size.height) ?: return@decodeBitmap
            decoder.setTargetSize(size.width, size.height)
            // getPixels cannot read a hardware bitmap, the default.
            decoder.allocator = ImageDecoder.ALLOCATOR_SOFTWARE
        }
        try {
            // getPixels gives non-premultiplied sRGB ARGB, what PickedImages.luma expects.
            return PickedImages.luma(bitmap.width, bitmap.height) { buffer, y, rows ->
                bitmap.getPixels(buffer, 0, bitmap.width, 0, y, bitmap.width, rows)
            }
        } finally {
            bitmap.recycle()
        }
    }
}
