// Published test vectors, shared by the Kotlin tests.

/** RFC 6238 appendix B: the three keys, in base32. */
object Rfc6238 {
    /** ASCII "12345678901234567890" (20 bytes), for HMAC-SHA1. */
    const val SHA1_KEY = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
    /** ASCII "12345678901234567890123456789012" (32 bytes), for HMAC-SHA256. */
    const val SHA256_KEY = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA"
    /** ASCII "1234567890" six times then "1234" (64 bytes), for HMAC-SHA512. */
    const val SHA512_KEY =
        "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNA"

    /** (Unix seconds, SHA1 code, SHA256 code, SHA512 code): 8 digits, 30 s steps. */
    val TABLE = listOf(
        Row(59L, "94287082", "46119246", "90693936"),
        Row(1111111109L, "07081804", "68084774", "25091201"),
        Row(1111111111L, "14050471", "67062674", "99943326"),
        Row(1234567890L, "89005924", "91819424", "93441116"),
        Row(2000000000L, "69279037", "90698825", "38618901"),
        Row(20000000000L, "65353130", "77737706", "47863826"),
    )

    data class Row(val at: Long, val sha1: String, val sha256: String, val sha512: String)
}

/** RFC 4226 appendix D: the SHA1 key above, 6 digits, counters 0 to 9. */
val RFC4226_HOTP = listOf(
    "755224", "287082", "359152", "969429", "338314",
    "254676", "287922", "162583", "399871", "520489",
)
