//! The URI corpus: real-world and malformed `otpauth://` URIs, each with the account it must
//! give (and its code at [`AT`] where the secret is an RFC test key) or the error kind.
//!
//! Code sources: RFC 6238 appendix B (TOTP, T = 59 s, keys "12345678901234567890" and its
//! 32- and 64-byte extensions) and RFC 4226 appendix D (HOTP counters 0 and 5). URI shapes
//! follow what the named services and apps put in their QR codes: Google's Key URI Format wiki
//! (`Example:alice@google.com`), GitHub, Google and Microsoft accounts (lowercase 32- and 16-
//! character secrets), AWS virtual MFA (64 characters), Aegis (`otpauth://steam/`), KeePassXC
//! (`encoder=steam`), Steam Desktop Authenticator (`totp` with issuer Steam), Java's
//! `URLEncoder` (`+` for spaces).

use otpkit_core::otp::{self, Algorithm, OtpType};
use otpkit_core::uri::{self, UriError, MAX_URI_LEN};

/// RFC 6238's test instant.
const AT: u64 = 59;

/// RFC 6238 SHA1 key "12345678901234567890" (160 bits).
const RFC_SHA1: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
/// RFC 6238 SHA256 key (32 bytes).
const RFC_SHA256: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA";
/// RFC 6238 SHA512 key (64 bytes).
const RFC_SHA512: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNA";
/// A typical 80-bit secret (Google's documentation example).
const SHORT: &str = "JBSWY3DPEHPK3PXP";

#[derive(Clone, Copy)]
struct Account {
    otp_type: OtpType,
    issuer: Option<&'static str>,
    label: &'static str,
    /// The secret in canonical base32.
    secret: &'static str,
    algorithm: Option<Algorithm>,
    digits: Option<u8>,
    period: Option<u32>,
    counter: Option<u64>,
    /// The code at `AT` (or at the counter), when the key is an RFC test key.
    code: Option<&'static str>,
    /// Warning kinds, in order.
    warnings: &'static [&'static str],
}

const TOTP: Account = Account {
    otp_type: OtpType::Totp,
    issuer: Some("ACME"),
    label: "jane",
    secret: RFC_SHA1,
    algorithm: None,
    digits: None,
    period: None,
    counter: None,
    code: Some("287082"),
    warnings: &[],
};

enum Expect {
    Ok(Account),
    Err(&'static str),
}

struct Case {
    name: &'static str,
    uri: &'static str,
    expect: Expect,
}

fn cases() -> Vec<Case> {
    use Expect::{Err, Ok};
    let case = |name, uri, expect| Case { name, uri, expect };
    vec![
        // Real-world shapes.
        case(
            "google_key_uri_format_example",
            "otpauth://totp/Example:alice@google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example",
            Ok(Account {
                issuer: Some("Example"),
                label: "alice@google.com",
                secret: SHORT,
                code: None,
                warnings: &["weak_secret"],
                ..TOTP
            }),
        ),
        case(
            "teamleader_focus",
            "otpauth://totp/Teamleader%20Focus:jane%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Teamleader%20Focus",
            Ok(Account {
                issuer: Some("Teamleader Focus"),
                label: "jane@example.com",
                ..TOTP
            }),
        ),
        case(
            "github",
            "otpauth://totp/GitHub:octocat?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=GitHub",
            Ok(Account {
                issuer: Some("GitHub"),
                label: "octocat",
                ..TOTP
            }),
        ),
        case(
            "google_account_lowercase_secret",
            "otpauth://totp/Google%3Ajane%40gmail.com?secret=gezdgnbvgy3tqojqgezdgnbvgy3tqojq&issuer=Google",
            Ok(Account {
                issuer: Some("Google"),
                label: "jane@gmail.com",
                warnings: &["secret_lowercase"],
                ..TOTP
            }),
        ),
        case(
            "microsoft_16_char_lowercase",
            "otpauth://totp/Microsoft:jane%40outlook.com?secret=jbswy3dpehpk3pxp&issuer=Microsoft",
            Ok(Account {
                issuer: Some("Microsoft"),
                label: "jane@outlook.com",
                secret: SHORT,
                code: None,
                warnings: &["secret_lowercase", "weak_secret"],
                ..TOTP
            }),
        ),
        case(
            "aws_virtual_mfa_64_chars",
            "otpauth://totp/Amazon%20Web%20Services:jane@123456789012?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Amazon%20Web%20Services",
            Ok(Account {
                issuer: Some("Amazon Web Services"),
                label: "jane@123456789012",
                secret: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
                code: None,
                ..TOTP
            }),
        ),
        case(
            "steam_aegis_type",
            "otpauth://steam/Steam:gaben?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Steam&algorithm=SHA1&digits=5&period=30",
            Ok(Account {
                otp_type: OtpType::Steam,
                issuer: Some("Steam"),
                label: "gaben",
                algorithm: Some(Algorithm::Sha1),
                digits: Some(5),
                period: Some(30),
                code: None,
                ..TOTP
            }),
        ),
        case(
            "steam_keepassxc_encoder",
            "otpauth://totp/Steam:gaben?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&period=30&digits=5&issuer=Steam&encoder=steam",
            Ok(Account {
                otp_type: OtpType::Steam,
                issuer: Some("Steam"),
                label: "gaben",
                digits: Some(5),
                period: Some(30),
                code: None,
                ..TOTP
            }),
        ),
        case(
            "steam_desktop_authenticator_totp",
            "otpauth://totp/Steam:gaben?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Steam",
            Ok(Account {
                otp_type: OtpType::Steam,
                issuer: Some("Steam"),
                label: "gaben",
                code: None,
                warnings: &["steam_assumed"],
                ..TOTP
            }),
        ),
        case(
            "steam_issuer_with_explicit_six_digits_stays_totp",
            "otpauth://totp/Steam:gaben?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Steam&digits=6",
            Ok(Account {
                issuer: Some("Steam"),
                label: "gaben",
                digits: Some(6),
                ..TOTP
            }),
        ),
        case(
            "padded_secret_sha256_8_digits",
            "otpauth://totp/ACME:jane?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA%3D%3D%3D%3D&issuer=ACME&algorithm=SHA256&digits=8",
            Ok(Account {
                secret: RFC_SHA256,
                algorithm: Some(Algorithm::Sha256),
                digits: Some(8),
                code: Some("46119246"),
                warnings: &["secret_padding"],
                ..TOTP
            }),
        ),
        case(
            "raw_padding_sha512_8_digits",
            "otpauth://totp/ACME:jane?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNA=&issuer=ACME&algorithm=SHA512&digits=8",
            Ok(Account {
                secret: RFC_SHA512,
                algorithm: Some(Algorithm::Sha512),
                digits: Some(8),
                code: Some("90693936"),
                warnings: &["secret_padding"],
                ..TOTP
            }),
        ),
        case(
            "sha256_lowercase_name",
            "otpauth://totp/ACME:jane?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA&issuer=ACME&algorithm=sha256&digits=8",
            Ok(Account {
                secret: RFC_SHA256,
                algorithm: Some(Algorithm::Sha256),
                digits: Some(8),
                code: Some("46119246"),
                ..TOTP
            }),
        ),
        case(
            "sha_dash_256",
            "otpauth://totp/ACME:jane?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA&issuer=ACME&algorithm=SHA-256&digits=8",
            Ok(Account {
                secret: RFC_SHA256,
                algorithm: Some(Algorithm::Sha256),
                digits: Some(8),
                code: Some("46119246"),
                ..TOTP
            }),
        ),
        case(
            "spaced_secret",
            "otpauth://totp/ACME:jane?secret=GEZD%20GNBV%20GY3T%20QOJQ%20GEZD%20GNBV%20GY3T%20QOJQ&issuer=ACME",
            Ok(Account {
                warnings: &["secret_separators"],
                ..TOTP
            }),
        ),
        case(
            "plus_spaced_secret",
            "otpauth://totp/ACME:jane?secret=GEZD+GNBV+GY3T+QOJQ+GEZD+GNBV+GY3T+QOJQ&issuer=ACME",
            Ok(Account {
                warnings: &["secret_separators"],
                ..TOTP
            }),
        ),
        case(
            "dashed_lowercase_secret",
            "otpauth://totp/ACME:jane?secret=gezd-gnbv-gy3t-qojq-gezd-gnbv-gy3t-qojq&issuer=ACME",
            Ok(Account {
                warnings: &["secret_lowercase", "secret_separators"],
                ..TOTP
            }),
        ),
        case(
            "secret_trailing_bits",
            "otpauth://totp/ACME:jane?secret=JBSWY3DPEHPK3PXPJBSWY3DPEH&issuer=ACME",
            Ok(Account {
                secret: "JBSWY3DPEHPK3PXPJBSWY3DPEE",
                code: None,
                warnings: &["secret_trailing_bits"],
                ..TOTP
            }),
        ),
        case(
            "hotp_counter_5",
            "otpauth://hotp/ACME:jane?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=ACME&counter=5",
            Ok(Account {
                otp_type: OtpType::Hotp,
                counter: Some(5),
                code: Some("254676"),
                ..TOTP
            }),
        ),
        case(
            "hotp_counter_0",
            "otpauth://hotp/ACME:jane?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=ACME&counter=0",
            Ok(Account {
                otp_type: OtpType::Hotp,
                counter: Some(0),
                code: Some("755224"),
                ..TOTP
            }),
        ),
        case(
            "hotp_with_period_ignored",
            "otpauth://hotp/ACME:jane?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=ACME&counter=0&period=30",
            Ok(Account {
                otp_type: OtpType::Hotp,
                counter: Some(0),
                code: Some("755224"),
                warnings: &["parameter_ignored"],
                ..TOTP
            }),
        ),
        case(
            "totp_with_counter_ignored",
            "otpauth://totp/ACME:jane?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=ACME&counter=7",
            Ok(Account {
                warnings: &["parameter_ignored"],
                ..TOTP
            }),
        ),
        case(
            "period_60",
            // At 59 s the 60 s step is still 0, so the code is HOTP's code for counter 0.
            "otpauth://totp/ACME:jane?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=ACME&period=60",
            Ok(Account {
                period: Some(60),
                code: Some("755224"),
                ..TOTP
            }),
        ),
        case(
            "seven_digits",
            "otpauth://totp/ACME:jane?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=ACME&digits=7",
            Ok(Account {
                digits: Some(7),
                code: Some("4287082"),
                ..TOTP
            }),
        ),
        case(
            "unknown_parameters_ignored",
            "otpauth://totp/ACME:jane?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=ACME&image=https%3A%2F%2Facme.example%2Flogo.png&color=ff0000",
            Ok(Account {
                warnings: &["unknown_parameter", "unknown_parameter"],
                ..TOTP
            }),
        ),
        case(
            "uppercase_scheme_type_and_parameter_names",
            "OTPAUTH://TOTP/ACME:jane?SECRET=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&Issuer=ACME",
            Ok(TOTP),
        ),
        case(
            "issuer_only_in_path",
            "otpauth://totp/ACME:jane?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
            Ok(TOTP),
        ),
        case(
            "issuer_only_in_parameter",
            "otpauth://totp/jane?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=ACME",
            Ok(TOTP),
        ),
        case(
            "no_issuer_at_all",
            "otpauth://totp/jane@example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
            Ok(Account {
                issuer: None,
                label: "jane@example.com",
                ..TOTP
            }),
        ),
        case(
            "issuer_mismatch_parameter_wins",
            "otpauth://totp/Old%20Name:jane?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=New%20Name",
            Ok(Account {
                issuer: Some("New Name"),
                warnings: &["issuer_mismatch"],
                ..TOTP
            }),
        ),
        case(
            "encoded_colon_and_spaces_after_it",
            "otpauth://totp/ACME%3A%20%20jane?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=ACME",
            Ok(TOTP),
        ),
        case(
            "java_urlencoder_plus_for_spaces",
            "otpauth://totp/ACME+Co:jane%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=ACME+Co",
            Ok(Account {
                issuer: Some("ACME Co"),
                label: "jane@example.com",
                warnings: &["issuer_mismatch"],
                ..TOTP
            }),
        ),
        case(
            "unicode_issuer",
            "otpauth://totp/Caf%C3%A9%20M%C3%BCller:jane?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Caf%C3%A9%20M%C3%BCller",
            Ok(Account {
                issuer: Some("Café Müller"),
                ..TOTP
            }),
        ),
        case(
            "missing_label",
            "otpauth://totp/?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=ACME",
            Ok(Account { label: "", ..TOTP }),
        ),
        case(
            "missing_label_and_slash",
            "otpauth://totp?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=ACME",
            Ok(Account { label: "", ..TOTP }),
        ),
        case(
            "spaces_around_label_trimmed",
            "otpauth://totp/%20jane%20?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=ACME%20",
            Ok(Account {
                warnings: &["whitespace_trimmed", "whitespace_trimmed"],
                ..TOTP
            }),
        ),
        case(
            "trailing_newline_from_a_paste",
            "otpauth://totp/ACME:jane?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=ACME\n",
            Ok(TOTP),
        ),
        case(
            "fragment_ignored",
            "otpauth://totp/ACME:jane?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=ACME#section",
            Ok(Account {
                warnings: &["fragment_ignored"],
                ..TOTP
            }),
        ),
        case(
            "empty_pairs_and_leading_zeros",
            "otpauth://totp/ACME:jane?&secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&&issuer=ACME&period=030",
            Ok(Account {
                period: Some(30),
                ..TOTP
            }),
        ),
        // Rejections.
        case(
            "secret_not_base32",
            "otpauth://totp/ACME:jane?secret=GEZDGNBVGY3TQOJ1&issuer=ACME",
            Err("not_base32"),
        ),
        case(
            "secret_base64_pasted",
            "otpauth://totp/ACME:jane?secret=cnOgv%2FKdpLoP6Nbh0GMkXkPXALQ%3D&issuer=ACME",
            Err("not_base32"),
        ),
        case("secret_empty", "otpauth://totp/ACME:jane?secret=&issuer=ACME", Err("empty_secret")),
        case("secret_only_spaces", "otpauth://totp/ACME:jane?secret=%20-%20", Err("empty_secret")),
        case("secret_missing", "otpauth://totp/ACME:jane?issuer=ACME", Err("missing_secret")),
        case("secret_too_short", "otpauth://totp/ACME:jane?secret=A", Err("secret_too_short")),
        case(
            "secret_padding_in_the_middle",
            "otpauth://totp/ACME:jane?secret=GEZD%3DGNBV",
            Err("misplaced_padding"),
        ),
        case(
            "hotp_without_counter",
            "otpauth://hotp/ACME:jane?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=ACME",
            Err("missing_counter"),
        ),
        case(
            "hotp_counter_negative",
            "otpauth://hotp/ACME:jane?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=-1",
            Err("invalid_number"),
        ),
        case(
            "digits_5_on_totp",
            "otpauth://totp/ACME:jane?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits=5",
            Err("digits_out_of_range"),
        ),
        case(
            "digits_9",
            "otpauth://totp/ACME:jane?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits=9",
            Err("digits_out_of_range"),
        ),
        case(
            "digits_0",
            "otpauth://totp/ACME:jane?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits=0",
            Err("digits_out_of_range"),
        ),
        case(
            "digits_not_a_number",
            "otpauth://totp/ACME:jane?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits=six",
            Err("invalid_number"),
        ),
        case(
            "digits_too_large_for_a_byte",
            "otpauth://totp/ACME:jane?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits=300",
            Err("invalid_number"),
        ),
        case(
            "period_0",
            "otpauth://totp/ACME:jane?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&period=0",
            Err("period_zero"),
        ),
        case(
            "period_not_a_number",
            "otpauth://totp/ACME:jane?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&period=30s",
            Err("invalid_number"),
        ),
        case(
            "period_negative",
            "otpauth://totp/ACME:jane?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&period=-30",
            Err("invalid_number"),
        ),
        case(
            "period_overflow",
            "otpauth://totp/ACME:jane?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&period=99999999999",
            Err("invalid_number"),
        ),
        case(
            "algorithm_md5",
            "otpauth://totp/ACME:jane?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&algorithm=MD5",
            Err("unknown_algorithm"),
        ),
        case(
            "type_unknown",
            "otpauth://motp/ACME:jane?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
            Err("unknown_type"),
        ),
        case(
            "scheme_https",
            "https://acme.example/2fa?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
            Err("unknown_scheme"),
        ),
        case("bare_secret_pasted", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", Err("not_a_uri")),
        case(
            "missing_slashes",
            "otpauth:totp/ACME:jane?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
            Err("not_a_uri"),
        ),
        case("empty_input", "", Err("not_a_uri")),
        case(
            "duplicate_secret",
            "otpauth://totp/ACME:jane?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&secret=JBSWY3DPEHPK3PXP",
            Err("duplicate_parameter"),
        ),
        case(
            "bad_percent_escape_in_label",
            "otpauth://totp/100%:jane?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
            Err("bad_percent_encoding"),
        ),
        case(
            "label_not_utf8",
            "otpauth://totp/ACME:%FFjane?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
            Err("not_utf8"),
        ),
        case(
            "newline_in_label",
            "otpauth://totp/ACME:jane%0Aadmin?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
            Err("control_character"),
        ),
        case(
            "steam_with_six_digits",
            "otpauth://steam/Steam:gaben?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits=6",
            Err("steam_digits"),
        ),
        case(
            "steam_with_sha256",
            "otpauth://steam/Steam:gaben?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&algorithm=SHA256",
            Err("steam_algorithm"),
        ),
        case(
            "unknown_encoder",
            "otpauth://totp/ACME:jane?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&encoder=yandex",
            Err("unknown_encoder"),
        ),
        case(
            "migration_other_host",
            "otpauth-migration://online?data=CgA%3D",
            Err("unknown_migration_host"),
        ),
        case("migration_without_data", "otpauth-migration://offline?foo=bar", Err("missing_data")),
        case(
            "migration_data_not_base64",
            "otpauth-migration://offline?data=abc*",
            Err("not_base64"),
        ),
        case("migration_no_accounts", "otpauth-migration://offline?data=", Err("empty_export")),
        case(
            "migration_data_not_protobuf",
            "otpauth-migration://offline?data=%2F%2F%2F%2F",
            Err("not_protobuf"),
        ),
    ]
}

#[test]
fn corpus_has_at_least_forty_named_cases_with_unique_names() {
    let cases = cases();
    assert!(cases.len() >= 40, "{} cases", cases.len());
    let mut names: Vec<_> = cases.iter().map(|case| case.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), cases.len(), "duplicate case names");
}

#[test]
fn every_case_gives_its_expected_account_or_error_kind() {
    let mut failures = Vec::new();
    for case in cases() {
        let result = uri::parse(case.uri);
        match (&case.expect, result) {
            (Expect::Err(kind), Err(error)) if error.kind() == *kind => {}
            (Expect::Ok(expected), Ok(parsed)) => {
                if let Err(problem) = check_account(expected, &parsed) {
                    failures.push(format!("{}: {problem}", case.name));
                }
            }
            (expected, got) => {
                let expected = match expected {
                    Expect::Err(kind) => format!("error {kind}"),
                    Expect::Ok(_) => "an account".to_owned(),
                };
                let got = match got {
                    Ok(parsed) => format!("{:?}", parsed.warnings),
                    Err(error) => format!("error {} ({error})", error.kind()),
                };
                failures.push(format!("{}: expected {expected}, got {got}", case.name));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

fn check_account(expected: &Account, parsed: &uri::Parsed) -> Result<(), String> {
    if parsed.accounts.len() != 1 || parsed.batch.is_some() || !parsed.rejected.is_empty() {
        return Err(format!("expected one plain account, got {parsed:?}"));
    }
    let draft = &parsed.accounts[0];
    let got = (
        draft.otp_type,
        draft.issuer.as_deref(),
        draft.label.as_str(),
        draft.algorithm,
        draft.digits,
        draft.period,
        draft.counter,
    );
    let want = (
        expected.otp_type,
        expected.issuer,
        expected.label,
        expected.algorithm,
        expected.digits,
        expected.period,
        expected.counter,
    );
    if got != want {
        return Err(format!("fields {got:?}, expected {want:?}"));
    }
    if draft.secret.to_base32().as_str() != expected.secret {
        return Err("secret differs from the expected key".to_owned());
    }
    let kinds: Vec<_> = parsed.warnings.iter().map(|w| w.kind()).collect();
    if kinds != expected.warnings {
        return Err(format!(
            "warnings {kinds:?}, expected {:?}",
            expected.warnings
        ));
    }
    if parsed.warnings.iter().any(|w| w.account != Some(0)) {
        return Err("a warning does not point at account 0".to_owned());
    }
    let params = draft.params().map_err(|e| format!("params refused: {e}"))?;
    if let Some(code) = expected.code {
        let got = otp::code(&params, AT).value;
        if got != code {
            return Err(format!("code at {AT} is {got}, expected {code}"));
        }
    }
    Ok(())
}

#[test]
fn formatting_a_parsed_case_gives_a_canonical_uri_that_reads_back_the_same() {
    for case in cases() {
        let Ok(parsed) = uri::parse(case.uri) else {
            continue;
        };
        let draft = &parsed.accounts[0];
        let formatted = uri::format(draft);
        let again = uri::parse(&formatted).unwrap_or_else(|e| panic!("{}: {e}", case.name));
        assert_eq!(&again.accounts[0], draft, "{}", case.name);
        let kinds: Vec<_> = again.warnings.iter().map(|w| w.kind()).collect();
        assert!(
            kinds.iter().all(|kind| *kind == "weak_secret"),
            "{}: canonical form still warns {kinds:?}",
            case.name
        );
        assert_eq!(uri::format(&again.accounts[0]), formatted, "{}", case.name);
    }
}

#[test]
fn canonical_uris_are_reproduced_exactly() {
    let canonical = [
        "otpauth://totp/ACME%20Co:jane@example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=ACME%20Co",
        "otpauth://totp/ACME:jane?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA&issuer=ACME&algorithm=SHA256&digits=8&period=60",
        "otpauth://hotp/ACME:jane?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=ACME&counter=42",
        "otpauth://steam/Steam:gaben?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Steam",
        "otpauth://totp/jane?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
        "otpauth://totp/?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
        "otpauth://totp/A%2BB:x%3Ay?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=A%2BB",
    ];
    for uri in canonical {
        let parsed = uri::parse(uri).unwrap();
        assert!(parsed.warnings.is_empty(), "{uri}: {:?}", parsed.warnings);
        assert_eq!(uri::format(&parsed.accounts[0]).as_str(), uri);
    }
}

/// The `secret=` value of a URI, to check that no message repeats it.
fn secret_value(uri: &str) -> Option<&str> {
    let query = uri.split_once('?')?.1;
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix("secret=").or(pair.strip_prefix("data=")))
}

#[test]
fn error_messages_name_the_problem_and_the_fix_and_never_the_secret() {
    // Words that introduce the fix in every message.
    let fix_words = [
        "use ", "add ", "remove", "write", "keep", "scan", "export", "allowed", "such as", "needs",
        "select", "encode", "copy",
    ];
    for case in cases() {
        let Expect::Err(_) = case.expect else {
            continue;
        };
        let error = uri::parse(case.uri).unwrap_err();
        let message = error.to_string();
        assert!(
            fix_words.iter().any(|word| message.contains(word)),
            "{}: no fix in {message:?}",
            case.name
        );
        if let Some(secret) = secret_value(case.uri).filter(|s| s.len() >= 4) {
            assert!(!message.contains(secret), "{}: {message}", case.name);
            assert!(!format!("{error:?}").contains(secret), "{}", case.name);
        }
        if !case.uri.is_empty() {
            assert!(!message.contains(case.uri.trim()), "{}", case.name);
        }
    }
}

#[test]
fn messages_point_at_the_offending_character() {
    let error =
        uri::parse("otpauth://totp/ACME:jane?secret=GEZDGNBVGY3TQOJ1&issuer=ACME").unwrap_err();
    assert_eq!(
        error.to_string(),
        "secret is not base32: '1' at position 16 (allowed: A-Z, 2-7)"
    );
    let error = uri::parse("otpauth://totp/100%:jane?secret=GEZDGNBVGY3TQOJQ").unwrap_err();
    assert_eq!(
        error,
        UriError::BadPercentEncoding {
            field: "label",
            position: 4
        }
    );
    let error = uri::parse("otpauth://totp/x?secret=GEZDGNBVGY3TQOJQ&algorithm=MD5").unwrap_err();
    assert_eq!(
        error.to_string(),
        "unknown algorithm 'MD5': use SHA1, SHA256 or SHA512"
    );
}

#[test]
fn a_secret_in_the_wrong_parameter_is_not_echoed() {
    let error =
        uri::parse("otpauth://totp/x?secret=GEZDGNBVGY3TQOJQ&algorithm=GEZDGNBVGY3TQOJQGEZD")
            .unwrap_err();
    assert_eq!(error.kind(), "unknown_algorithm");
    assert!(!error.to_string().contains("GEZDGNBVGY3TQOJQ"), "{error}");
    assert!(error.to_string().contains("20 characters, not shown"));
}

#[test]
fn overlong_input_is_refused_before_any_work() {
    let uri = format!(
        "otpauth://totp/{}?secret=GEZDGNBVGY3TQOJQ",
        "a".repeat(MAX_URI_LEN)
    );
    let error = uri::parse(&uri).unwrap_err();
    assert_eq!(error.kind(), "uri_too_long");
    assert!(error.to_string().contains(&MAX_URI_LEN.to_string()));
}

#[test]
fn warnings_have_stable_kinds_and_readable_messages() {
    let parsed = uri::parse(
        "otpauth://totp/Old:jane?secret=jbsw%20y3dp%20ehpk%203pxp%3D%3D%3D&issuer=New&image=x",
    )
    .unwrap();
    let rendered: Vec<_> = parsed
        .warnings
        .iter()
        .map(|w| (w.kind(), w.to_string()))
        .collect();
    let kinds: Vec<_> = rendered.iter().map(|(kind, _)| *kind).collect();
    assert_eq!(
        kinds,
        [
            "unknown_parameter",
            "secret_lowercase",
            "secret_padding",
            "secret_separators",
            "weak_secret",
            "issuer_mismatch"
        ]
    );
    assert_eq!(
        rendered[0].1,
        "the parameter 'image' is not used by OtpKit and was ignored"
    );
    assert!(rendered[4].1.contains("80 bits"));
    assert_eq!(
        rendered[5].1,
        "the label says the issuer is 'Old' but issuer= says 'New'; kept 'New'"
    );
}

#[test]
fn an_hotp_draft_without_a_counter_is_written_with_counter_zero() {
    let mut draft = uri::parse(
        "otpauth://hotp/ACME:jane?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=ACME&counter=3",
    )
    .unwrap()
    .accounts
    .remove(0);
    draft.counter = None;
    let formatted = uri::format(&draft);
    assert!(
        formatted.ends_with("&counter=0"),
        "{}",
        uri::redact_uri(&formatted)
    );
    assert_eq!(uri::parse(&formatted).unwrap().accounts[0].counter, Some(0));
}
