package dev.otpkit.android

import android.os.SystemClock
import dev.otpkit.WallClock

/** The device's clocks for Rust: the wall clock, and the boot clock that tells when it was set. */
object AndroidClock : WallClock {
    override fun nowUnixMillis(): Long = System.currentTimeMillis()

    override fun millisSinceBoot(): Long = SystemClock.elapsedRealtime()
}
