// The shared vectors in tests/vectors (the same files the Rust tests read; sources cited there).

import Foundation
import OtpKit

/// RFC 6238 appendix B keys, in base32 (see tests/vectors/rfc6238-totp.tsv for the seeds).
enum RfcKeys {
    /// ASCII "12345678901234567890" (20 bytes): SHA1, and RFC 4226's HOTP key.
    static let sha1 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
    /// ASCII "12345678901234567890123456789012" (32 bytes).
    static let sha256 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA"
    /// ASCII "1234567890" six times then "1234" (64 bytes).
    static let sha512 =
        "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNA"
}

/// One RFC 6238 row: 8 digits, 30 s steps.
struct TotpVector {
    let at: Int64
    let algorithm: HashAlgorithm
    let name: String
    let code: String

    var key: String {
        switch algorithm {
        case .sha1: return RfcKeys.sha1
        case .sha256: return RfcKeys.sha256
        case .sha512: return RfcKeys.sha512
        }
    }
}

struct Vectors {
    let totp: [TotpVector]
    /// RFC 4226 appendix D: code by counter.
    let hotp: [String]

    init(directory: String) throws {
        totp = try Vectors.rows(directory, "rfc6238-totp.tsv").map { row in
            let algorithms: [String: HashAlgorithm] = ["SHA1": .sha1, "SHA256": .sha256, "SHA512": .sha512]
            guard row.count == 3, let at = Int64(row[0]), let algorithm = algorithms[row[1]] else {
                throw Failure(description: "rfc6238-totp.tsv: bad row \(row)")
            }
            return TotpVector(at: at, algorithm: algorithm, name: row[1], code: row[2])
        }
        hotp = try Vectors.rows(directory, "rfc4226-hotp.tsv").enumerated().map { i, row in
            guard row.count == 2, Int(row[0]) == i else {
                throw Failure(description: "rfc4226-hotp.tsv: counters must be 0, 1, 2, ...")
            }
            return row[1]
        }
        guard totp.count == 18, hotp.count == 10 else {
            throw Failure(description: "incomplete vectors in \(directory)")
        }
    }

    private static func rows(_ directory: String, _ file: String) throws -> [[String]] {
        let text = try String(contentsOfFile: directory + "/" + file, encoding: .utf8)
        return text.split(separator: "\n")
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
            .map { $0.split(separator: "\t").map(String.init) }
    }
}
