package dev.otpkit.presentation

import org.junit.jupiter.api.Test
import kotlin.test.assertEquals
import kotlin.test.assertNull
import kotlin.test.assertTrue

class PickedImagesTest {
    @Test
    fun `images up to 16 MP are decoded as they are`() {
        assertEquals(PixelSize(4032, 3024), PickedImages.decodeSize(4032, 3024), "a 12 MP photo")
        assertEquals(PixelSize(1290, 2796), PickedImages.decodeSize(1290, 2796), "a screenshot")
        assertEquals(PixelSize(4096, 4096), PickedImages.decodeSize(4096, 4096), "exactly the limit")
        assertEquals(PixelSize(1, 1), PickedImages.decodeSize(1, 1))
    }

    @Test
    fun `larger images are scaled down to at most 16 MP, keeping their shape`() {
        for ((width, height) in listOf(4097 to 4096, 16_320 to 12_240, 8_160 to 6_120, 1_080 to 20_000, 12_240 to 16_320)) {
            val size = PickedImages.decodeSize(width, height)!!
            val pixels = size.width.toLong() * size.height
            assertTrue(pixels <= PickedImages.MAX_DECODE_PIXELS, "$width x $height -> $size")
            assertTrue(pixels > PickedImages.MAX_DECODE_PIXELS * 99 / 100, "$width x $height -> $size: scaled no more than needed")
            val ratio = width.toDouble() / height
            val scaledRatio = size.width.toDouble() / size.height
            assertTrue(kotlin.math.abs(ratio / scaledRatio - 1) < 0.001, "$width x $height -> $size keeps its shape")
        }
        assertEquals(PixelSize(4729, 3547), PickedImages.decodeSize(16_320, 12_240), "a 200 MP photo")
    }

    @Test
    fun `a side that would scale to nothing keeps one pixel, within the limit`() {
        assertEquals(PixelSize(1, 16_777_216), PickedImages.decodeSize(1, 100_000_000))
        assertEquals(PixelSize(16_777_216, 1), PickedImages.decodeSize(100_000_000, 1))
    }

    @Test
    fun `an image without pixels has no decode size`() {
        assertNull(PickedImages.decodeSize(0, 100))
        assertNull(PickedImages.decodeSize(100, 0))
        assertNull(PickedImages.decodeSize(-1, 100))
    }

    @Test
    fun `ARGB pixels become Rec 709 luma, transparency over white`() {
        assertEquals(54, PickedImages.lumaOf(0xFFFF0000.toInt()), "red")
        assertEquals(182, PickedImages.lumaOf(0xFF00FF00.toInt()), "green")
        assertEquals(18, PickedImages.lumaOf(0xFF0000FF.toInt()), "blue")
        assertEquals(255, PickedImages.lumaOf(0xFFFFFFFF.toInt()), "white")
        assertEquals(0, PickedImages.lumaOf(0xFF000000.toInt()), "black")
        assertEquals(255, PickedImages.lumaOf(0x00000000), "transparent black is background")
        assertEquals(127, PickedImages.lumaOf(0x80000000.toInt()), "half-transparent black")
        assertEquals(154, PickedImages.lumaOf(0x80FF0000.toInt()), "half-transparent red")
    }

    @Test
    fun `a decoded image becomes a packed upright luma plane, read a band of rows at a time`() {
        val (width, height) = 3 to 130
        fun pixel(x: Int, y: Int): Int = (0xFF shl 24) or (((x * 40 + y) % 256) * 0x010101)
        val reads = mutableListOf<Pair<Int, Int>>()
        val frame = PickedImages.luma(width, height) { buffer, y, rows ->
            reads += y to rows
            for (row in 0 until rows) for (x in 0 until width) buffer[row * width + x] = pixel(x, y + row)
        }
        assertEquals(listOf(0 to 64, 64 to 64, 128 to 2), reads)
        assertEquals(listOf(width, height, width, 0), listOf(frame.width, frame.height, frame.rowStride, frame.rotationDegrees))
        for (y in 0 until height) for (x in 0 until width) {
            assertEquals((x * 40 + y) % 256, frame.luma[y * width + x].toInt() and 0xFF, "pixel $x,$y")
        }
    }
}
