// An SNTP responder (RFC 5905) on 127.0.0.1, written in Kotlin independently of the Rust client:
// the binding suite's clock tests (DriftTest.kt) and the app bridge's (JourneyBridgeTest.kt,
// scripts/test-app-bridge-kotlin.sh compiles this file with it) ask it for the time.

import java.net.DatagramPacket
import java.net.DatagramSocket
import java.net.InetAddress
import java.net.SocketTimeoutException
import java.nio.ByteBuffer
import java.util.concurrent.atomic.AtomicInteger

/**
 * An SNTP server (RFC 5905 section 7.3) on loopback whose clock is `offsetMs` ahead of ours;
 * `unsynchronised` sends leap indicator 3 ("my clock is not synchronised"), which is refused.
 */
class SntpResponder(private val offsetMs: Long, private val unsynchronised: Boolean = false) : AutoCloseable {
    private val socket = DatagramSocket(0, InetAddress.getLoopbackAddress()).apply { soTimeout = 20 }
    val requests = AtomicInteger()
    @Volatile private var running = true
    private val thread = Thread(::serve).apply { isDaemon = true; start() }
    val server: String get() = "127.0.0.1:${socket.localPort}"

    private fun ntpNow(): Long {
        val millis = System.currentTimeMillis() + offsetMs
        val seconds = millis / 1000 + 2_208_988_800L
        val fraction = ((millis % 1000) shl 32) / 1000
        return (seconds shl 32) or fraction
    }

    private fun serve() {
        val buf = ByteArray(512)
        while (running) {
            val request = DatagramPacket(buf, buf.size)
            try {
                socket.receive(request)
            } catch (e: SocketTimeoutException) {
                continue
            } catch (e: Exception) {
                return
            }
            val received = ntpNow()
            requests.incrementAndGet()
            if (request.length < 48) continue
            val reply = ByteBuffer.allocate(48)
            val leap = if (unsynchronised) 3 else 0
            reply.put((leap shl 6 or (4 shl 3) or 4).toByte()) // leap, version 4, mode 4 (server)
            reply.put(2) // stratum
            reply.put(6) // poll
            reply.put((-20).toByte()) // precision about 1 us
            reply.putInt(0x80) // root delay
            reply.putInt(0x100) // root dispersion
            reply.put(byteArrayOf(127, 0, 0, 1)) // reference id
            reply.putLong(received - (1L shl 32)) // reference time
            reply.put(buf, 40, 8) // origin = the client's transmit time
            reply.putLong(received)
            reply.putLong(ntpNow()) // transmit
            socket.send(DatagramPacket(reply.array(), 48, request.socketAddress))
        }
    }

    override fun close() {
        running = false
        thread.join(1000)
        socket.close()
    }
}
