// The shared vectors in tests/vectors (the same files the Rust tests read; sources cited there).

import java.io.File

/** RFC 6238 appendix B keys, in base32 (see tests/vectors/rfc6238-totp.tsv for the seeds). */
object RfcKeys {
    /** ASCII "12345678901234567890" (20 bytes): SHA1, and RFC 4226's HOTP key. */
    const val SHA1 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
    /** ASCII "12345678901234567890123456789012" (32 bytes). */
    const val SHA256 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA"
    /** ASCII "1234567890" six times then "1234" (64 bytes). */
    const val SHA512 =
        "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNA"
}

/** One RFC 6238 row: 8 digits, 30 s steps. */
data class TotpVector(val at: Long, val algorithm: dev.otpkit.HashAlgorithm, val code: String) {
    val key: String
        get() = when (algorithm) {
            dev.otpkit.HashAlgorithm.SHA1 -> RfcKeys.SHA1
            dev.otpkit.HashAlgorithm.SHA256 -> RfcKeys.SHA256
            dev.otpkit.HashAlgorithm.SHA512 -> RfcKeys.SHA512
        }
}

class Vectors(dir: File) {
    val totp: List<TotpVector> = rows(File(dir, "rfc6238-totp.tsv")).map { (at, algorithm, code) ->
        TotpVector(at.toLong(), dev.otpkit.HashAlgorithm.valueOf(algorithm), code)
    }

    /** RFC 4226 appendix D: code by counter. */
    val hotp: List<String> = rows(File(dir, "rfc4226-hotp.tsv")).mapIndexed { i, (counter, code) ->
        check(counter.toInt() == i) { "rfc4226-hotp.tsv: counters must be 0, 1, 2, ..." }
        code
    }

    init {
        check(totp.size == 18 && hotp.size == 10) { "incomplete vectors in $dir" }
    }

    private fun rows(file: File): List<List<String>> =
        file.readLines().filter { it.isNotBlank() && !it.startsWith("#") }.map { it.split('\t') }
}
