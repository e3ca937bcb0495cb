// Published test vectors, shared by the Swift tests.

/// RFC 6238 appendix B: the three keys, in base32.
enum Rfc6238 {
    /// ASCII "12345678901234567890" (20 bytes), for HMAC-SHA1.
    static let sha1Key = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
    /// ASCII "12345678901234567890123456789012" (32 bytes), for HMAC-SHA256.
    static let sha256Key = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA"
    /// ASCII "1234567890" six times then "1234" (64 bytes), for HMAC-SHA512.
    static let sha512Key =
        "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNA"

    struct Row {
        let at: Int64
        let sha1: String
        let sha256: String
        let sha512: String
    }

    /// 8 digits, 30 s steps.
    static let table: [Row] = [
        Row(at: 59, sha1: "94287082", sha256: "46119246", sha512: "90693936"),
        Row(at: 1_111_111_109, sha1: "07081804", sha256: "68084774", sha512: "25091201"),
        Row(at: 1_111_111_111, sha1: "14050471", sha256: "67062674", sha512: "99943326"),
        Row(at: 1_234_567_890, sha1: "89005924", sha256: "91819424", sha512: "93441116"),
        Row(at: 2_000_000_000, sha1: "69279037", sha256: "90698825", sha512: "38618901"),
        Row(at: 20_000_000_000, sha1: "65353130", sha256: "77737706", sha512: "47863826"),
    ]
}

/// RFC 4226 appendix D: the SHA1 key above, 6 digits, counters 0 to 9.
let rfc4226Hotp = [
    "755224", "287082", "359152", "969429", "338314",
    "254676", "287922", "162583", "399871", "520489",
]
