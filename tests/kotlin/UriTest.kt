// otpauth:// URIs through the generated Kotlin: previews without the secret, codes at fixed
// instants, and rejections as typed exceptions that never echo the secret.

import dev.otpkit.AccountPreview
import dev.otpkit.HashAlgorithm
import dev.otpkit.OtpKind
import dev.otpkit.OtpKitException
import dev.otpkit.ManualEntry
import dev.otpkit.SetupKey
import dev.otpkit.codeAt
import dev.otpkit.codeForUri
import dev.otpkit.parseUri
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertTrue

fun uriTests(suite: Suite, vectors: Vectors) = with(suite) {
    test("parseUri previews the account with its defaults and without the secret") {
        val parsed = parseUri("otpauth://totp/ACME%20Co:jane@example.com?secret=${RfcKeys.SHA1}&issuer=ACME%20Co")
        assertEquals(
            listOf(AccountPreview(OtpKind.TOTP, "ACME Co", "jane@example.com", HashAlgorithm.SHA1, 6, 30, null)),
            parsed.accounts,
        )
        assertEquals(emptyList(), parsed.warnings)
        assertEquals(null, parsed.exportPart)
        assertFalse(parsed.toString().contains(RfcKeys.SHA1), "the preview leaks the secret")
    }

    test("parseUri reads HOTP with its counter and SHA512 with 8 digits") {
        val hotp = parseUri("otpauth://hotp/Example:alice?secret=${RfcKeys.SHA1}&counter=7").accounts.single()
        assertEquals(OtpKind.HOTP, hotp.kind)
        assertEquals(7L, hotp.counter)
        assertEquals(null, hotp.periodSeconds)
        val totp = parseUri("otpauth://totp/x?secret=${RfcKeys.SHA512}&algorithm=SHA512&digits=8&period=60")
            .accounts.single()
        assertEquals(HashAlgorithm.SHA512, totp.algorithm)
        assertEquals(8, totp.digits)
        assertEquals(60, totp.periodSeconds)
    }

    test("a lowercase or short secret is accepted with warnings the app can show") {
        val parsed = parseUri("otpauth://totp/x?secret=${RfcKeys.SHA1.lowercase()}")
        assertEquals(1, parsed.accounts.size)
        val warning = parsed.warnings.single()
        assertEquals(0, warning.accountIndex)
        assertEquals("secret_lowercase", warning.kind)
        assertEquals("the secret had lowercase letters; they were read as uppercase", warning.message)
        val weak = parseUri("otpauth://totp/x?secret=JBSWY3DPEHPK3PXP").warnings.single()
        assertEquals("weak_secret", weak.kind)
        assertTrue(weak.message.startsWith("the secret is only 80 bits long"), weak.message)
    }

    test("a Google Authenticator export previews its account, what was assumed, and its part") {
        // The public example export from digitalduke/otpauth-migration-decoder's README.
        val parsed = parseUri(
            "otpauth-migration://offline?data=CjEKCkhlbGxvId6tvu8SGEV4YW1wbGU6YWxpY2VAZ29vZ2xlLmNvbRoHRXhhbXBsZTAC",
        )
        assertEquals(
            listOf(AccountPreview(OtpKind.TOTP, "Example", "alice@google.com", HashAlgorithm.SHA1, 6, 30, null)),
            parsed.accounts,
        )
        assertEquals(
            listOf("algorithm_assumed", "digits_assumed", "period_assumed", "weak_secret"),
            parsed.warnings.map { it.kind },
        )
        assertEquals(dev.otpkit.ExportPart(0, 0, 0), parsed.exportPart)
        assertEquals(emptyList(), parsed.rejected)
        val exported = codeForUri(
            "otpauth-migration://offline?data=CjEKCkhlbGxvId6tvu8SGEV4YW1wbGU6YWxpY2VAZ29vZ2xlLmNvbRoHRXhhbXBsZTAC",
            1_700_000_000L,
        )
        assertEquals(codeAt(ManualEntry(SetupKey("JBSWY3DPEHPK3PXP")), 1_700_000_000L), exported)
    }

    test("codeForUri gives the RFC 6238 codes at their instants") {
        for (v in vectors.totp) {
            val uri = "otpauth://totp/RFC:6238?secret=${v.key}&algorithm=${v.algorithm}&digits=8"
            assertEquals(v.code, codeForUri(uri, v.at).code, "${v.algorithm} at ${v.at}")
        }
    }

    test("codeForUri gives the RFC 4226 HOTP code at the URI's counter") {
        val view = codeForUri("otpauth://hotp/RFC:4226?secret=${RfcKeys.SHA1}&counter=5", 0L)
        assertEquals(vectors.hotp[5], view.code)
        assertEquals(vectors.hotp[6], view.nextCode)
    }

    test("a URI whose secret is not base32 is InvalidInput naming the character, not the secret") {
        val e = assertFailsWith<OtpKitException.InvalidInput> {
            codeForUri("otpauth://totp/x?secret=JBSWY3DPEHPK3PX1", 0L)
        }
        assertEquals("secret is not base32: '1' at position 16 (allowed: A-Z, 2-7)", e.text())
    }

    test("a URI with out-of-range digits is InvalidInput with the fix") {
        val e = assertFailsWith<OtpKitException.InvalidInput> {
            parseUri("otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=9")
        }
        assertEquals("digits is 9: use 6, 7 or 8", e.text())
    }

    test("text that is not an otpauth URI is InvalidInput with a message that does not echo it") {
        for (text in listOf("https://example.com/?secret=${RfcKeys.SHA1}", "", "otpauth://")) {
            val e = assertFailsWith<OtpKitException.InvalidInput>("input: '$text'") { parseUri(text) }
            val message = e.text()
            assertTrue(message.isNotBlank(), "empty message for '$text'")
            assertFalse(message.contains(RfcKeys.SHA1), "the message echoes the secret: $message")
        }
    }
}
