//! Bitwarden and Bitwarden Authenticator exports, JSON and CSV (both unencrypted).
//!
//! JSON, as Bitwarden's clients write it (`libs/common/src/models/export` in bitwarden/clients,
//! and Bitwarden Authenticator's export, which writes the same shape with `items` only):
//! `{"encrypted": false, "folders": [{"id", "name"}], "items": [{"type": 1, "name", "notes",
//! "folderId", "login": {"username", "totp"}}]}`. CSV: a header line naming the columns,
//! of which we read `name`, `notes`, `folder`, `login_username` and `login_totp`.
//!
//! `login.totp` / `login_totp` is an `otpauth://` URI (read as a scanned code is), a
//! `steam://SECRET` link, or a bare base32 secret (a 30-second, 6-digit SHA1 TOTP, as
//! Bitwarden computes it), with the item's name as the issuer and the username as the label.
//! Items without one (passwords only) are not entries and are skipped without a word. An
//! encrypted export (account- or password-protected) is refused with a typed error: export
//! again as unencrypted JSON or CSV.
//!
//! The CSV is read by a small parser of our own (RFC 4180: quoted fields, doubled quotes, line
//! breaks inside quotes) rather than the `csv` crate: one function, no new dependency in the
//! apps' library, and every field that may hold a secret goes into a zeroizing buffer, which a
//! general CSV reader's own buffers would not be.

use std::collections::HashMap;

use serde::Deserialize;
use zeroize::Zeroizing;

use super::json::{self, SecretText};
use super::{
    check_count, decode_secret, entry_from, entry_from_uri, entry_name, push_entry, steam_entry,
    steam_link, EntryParts, ImportBatch, ImportEntry, ImportError, ImportFormat,
};
use crate::otp::OtpType;
use crate::vault::account::AccountExtras;

const FORMAT: ImportFormat = ImportFormat::Bitwarden;
/// Bitwarden's item type for logins (the only items with a TOTP field).
const LOGIN: u64 = 1;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct File {
    #[serde(default)]
    encrypted: bool,
    #[serde(default)]
    password_protected: bool,
    #[serde(default)]
    folders: Vec<Folder>,
    #[serde(default)]
    items: Vec<Item>,
}

#[derive(Deserialize)]
struct Folder {
    id: String,
    name: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Item {
    /// Bitwarden Authenticator's items may leave it out: they are all logins.
    #[serde(rename = "type", default)]
    item_type: Option<u64>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    notes: Option<String>,
    #[serde(default)]
    folder_id: Option<String>,
    #[serde(default)]
    login: Option<Login>,
}

#[derive(Deserialize)]
struct Login {
    #[serde(default)]
    username: Option<String>,
    #[serde(default)]
    totp: Option<SecretText>,
}

/// Reads a Bitwarden JSON or CSV export (JSON when it starts with `{`).
pub(crate) fn read(bytes: &[u8], _password: Option<&[u8]>) -> Result<ImportBatch, ImportError> {
    if is_json(bytes) {
        read_json(bytes)
    } else {
        read_csv(bytes)
    }
}

fn is_json(bytes: &[u8]) -> bool {
    bytes
        .iter()
        .find(|b| !b.is_ascii_whitespace() && **b != 0xef && **b != 0xbb && **b != 0xbf)
        == Some(&b'{')
}

fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes)
}

fn read_json(bytes: &[u8]) -> Result<ImportBatch, ImportError> {
    let file: File = json::parse(FORMAT, strip_bom(bytes))?;
    if file.encrypted || file.password_protected {
        return Err(ImportError::EncryptionNotSupported {
            format: FORMAT,
            fix: "export the vault again from Bitwarden as .json (not the encrypted .json) or .csv",
        });
    }
    check_count(FORMAT, file.items.len())?;
    let mut folders: HashMap<&str, &str> = HashMap::with_capacity(file.folders.len());
    for folder in &file.folders {
        folders.entry(&folder.id).or_insert(&folder.name);
    }
    let mut batch = ImportBatch::default();
    for (index, item) in file.items.iter().enumerate() {
        let Some(login) = item
            .login
            .as_ref()
            .filter(|_| item.item_type.unwrap_or(LOGIN) == LOGIN)
        else {
            continue;
        };
        let Some(totp) = login.totp.as_ref().filter(|t| !t.0.trim().is_empty()) else {
            continue;
        };
        let fields = Fields {
            name: item.name.as_deref().unwrap_or(""),
            username: login.username.as_deref().unwrap_or(""),
            totp: &totp.0,
            extras: AccountExtras {
                group: item
                    .folder_id
                    .as_deref()
                    .and_then(|id| folders.get(id))
                    .map(|name| name.to_string()),
                note: item.notes.clone().filter(|n| !n.is_empty()),
            },
        };
        push_entry(&mut batch, fields.shown(index), fields.entry());
    }
    Ok(batch)
}

/// What an item or a CSV row holds for one account.
struct Fields<'a> {
    name: &'a str,
    username: &'a str,
    totp: &'a str,
    extras: AccountExtras,
}

impl Fields<'_> {
    fn shown(&self, index: usize) -> String {
        entry_name(Some(self.name), Some(self.username), index)
    }

    fn entry(self) -> Result<ImportEntry, String> {
        let totp = self.totp.trim();
        let name = Some(self.name.trim().to_string()).filter(|n| !n.is_empty());
        let username = self.username.trim().to_string();
        if totp
            .get(..10)
            .is_some_and(|s| s.eq_ignore_ascii_case("otpauth://"))
        {
            // The URI's own names win; the item's fill what it left empty.
            return entry_from_uri(totp, self.extras, |draft| {
                if draft.issuer.is_none() {
                    draft.issuer = name;
                }
                if draft.label.is_empty() {
                    draft.label = username;
                }
            });
        }
        if let Some(secret) = steam_link(totp) {
            return steam_entry(secret, username, self.extras);
        }
        let mut warnings = Vec::new();
        let secret = decode_secret(totp, &mut warnings)?;
        entry_from(EntryParts {
            otp_type: OtpType::Totp,
            issuer: name,
            label: username,
            secret,
            algorithm: None,
            digits: None,
            period: None,
            counter: None,
            extras: self.extras,
            warnings,
        })
    }
}

fn malformed(reason: String) -> ImportError {
    ImportError::Malformed {
        format: FORMAT,
        reason,
    }
}

fn read_csv(bytes: &[u8]) -> Result<ImportBatch, ImportError> {
    let text = std::str::from_utf8(strip_bom(bytes))
        .map_err(|err| malformed(format!("not UTF-8 text (byte {})", err.valid_up_to() + 1)))?;
    let mut rows = csv_rows(text)?.into_iter();
    let header = rows
        .next()
        .ok_or_else(|| malformed("the file is empty".into()))?;
    let column = |name: &str| header.iter().position(|h| h.trim() == name);
    let totp_at = column("login_totp").ok_or_else(|| {
        malformed("no login_totp column: export from Bitwarden as .csv or .json".into())
    })?;
    let (name_at, user_at) = (column("name"), column("login_username"));
    let (notes_at, folder_at) = (column("notes"), column("folder"));
    let rows: Vec<_> = rows.collect();
    check_count(FORMAT, rows.len())?;
    let mut batch = ImportBatch::default();
    for (index, row) in rows.iter().enumerate() {
        let cell = |at: Option<usize>| at.and_then(|at| row.get(at)).map_or("", |c| c.as_str());
        let totp = cell(Some(totp_at));
        if totp.trim().is_empty() {
            continue;
        }
        let fields = Fields {
            name: cell(name_at),
            username: cell(user_at),
            totp,
            extras: AccountExtras {
                group: Some(cell(folder_at).to_string()).filter(|g| !g.is_empty()),
                note: Some(cell(notes_at).to_string()).filter(|n| !n.is_empty()),
            },
        };
        push_entry(&mut batch, fields.shown(index), fields.entry());
    }
    Ok(batch)
}

/// Most columns a row may have (Bitwarden writes 11): with the row count, bounds the memory a
/// crafted file of commas could take.
const MAX_COLUMNS: usize = 64;

/// The rows of an RFC 4180 CSV text: fields separated by commas, rows by CRLF or LF, a field in
/// double quotes may hold commas, line breaks and doubled quotes. Blank lines are skipped.
/// Every field is zeroized on drop (a field may be a secret). At most [`MAX_COLUMNS`] fields a
/// row and one row more than a vault holds accounts (the header).
fn csv_rows(text: &str) -> Result<Vec<Vec<Zeroizing<String>>>, ImportError> {
    let mut rows = Vec::new();
    let mut row: Vec<Zeroizing<String>> = Vec::new();
    let mut field = Zeroizing::new(String::new());
    let mut chars = text.chars().peekable();
    let mut line = 1usize;
    let mut quoted = false;
    // Whether the current field was opened by a quote (text after its closing quote is an error).
    let mut was_quoted = false;
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                '\n' => {
                    line += 1;
                    field.push(c);
                }
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() && !was_quoted => {
                quoted = true;
                was_quoted = true;
            }
            ',' => {
                row.push(std::mem::take(&mut field));
                was_quoted = false;
                if row.len() >= MAX_COLUMNS {
                    return Err(malformed(format!(
                        "line {line}: more than {MAX_COLUMNS} columns"
                    )));
                }
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                row.push(std::mem::take(&mut field));
                was_quoted = false;
                let done = std::mem::take(&mut row);
                if !(done.len() == 1 && done[0].is_empty()) {
                    rows.push(done);
                    check_count(FORMAT, rows.len().saturating_sub(1))?;
                }
                line += 1;
            }
            _ if was_quoted => {
                return Err(malformed(format!(
                    "line {line}: text after a closing quote"
                )))
            }
            _ => field.push(c),
        }
    }
    if quoted {
        return Err(malformed(format!("line {line}: a quote is never closed")));
    }
    row.push(field);
    if !(row.len() == 1 && row[0].is_empty()) {
        rows.push(row);
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str) -> Vec<Vec<String>> {
        csv_rows(text)
            .unwrap()
            .into_iter()
            .map(|r| r.into_iter().map(|f| f.to_string()).collect())
            .collect()
    }

    #[test]
    fn csv_fields_quotes_and_line_breaks() {
        assert_eq!(rows("a,b\r\nc,d\n"), [["a", "b"], ["c", "d"]]);
        assert_eq!(rows("a,b\n\nc,d"), [["a", "b"], ["c", "d"]]);
        assert_eq!(
            rows("\"x,y\",\"say \"\"hi\"\"\"\n"),
            [["x,y", "say \"hi\""]]
        );
        assert_eq!(rows("\"two\nlines\",z"), [["two\nlines", "z"]]);
        assert_eq!(rows(",,"), [["", "", ""]]);
        assert_eq!(rows("a\"b,c"), [["a\"b", "c"]]);
        // A carriage return alone is text; only CR LF ends a row.
        assert_eq!(rows("a\rb,c\r\nd"), [vec!["a\rb", "c"], vec!["d"]]);
        assert!(rows("").is_empty());
        for bad in ["\"open,x", "\"a\"b,c"] {
            assert!(
                matches!(csv_rows(bad), Err(ImportError::Malformed { .. })),
                "{bad}"
            );
        }
        let Err(ImportError::Malformed { reason, .. }) = csv_rows("a\n\"b\nc\"d") else {
            panic!("accepted");
        };
        assert_eq!(reason, "line 3: text after a closing quote");
        assert_eq!(rows(&",".repeat(MAX_COLUMNS - 1)).len(), 1);
        let Err(ImportError::Malformed { reason, .. }) = csv_rows(&",".repeat(MAX_COLUMNS)) else {
            panic!("accepted");
        };
        assert_eq!(reason, "line 1: more than 64 columns");
        let many = "x\n".repeat(crate::vault::MAX_ACCOUNTS + 1);
        assert_eq!(
            csv_rows(&many).unwrap().len(),
            crate::vault::MAX_ACCOUNTS + 1
        );
        let more = "x\n".repeat(crate::vault::MAX_ACCOUNTS + 2);
        assert!(matches!(
            csv_rows(&more),
            Err(ImportError::TooManyEntries { .. })
        ));
    }

    fn names(totp: &str) -> Result<(Option<String>, String), String> {
        Fields {
            name: " Item ",
            username: "user",
            totp,
            extras: AccountExtras::default(),
        }
        .entry()
        .map(|e| (e.draft.issuer, e.draft.label))
    }

    #[test]
    fn the_item_names_fill_only_what_the_code_leaves_empty() {
        let secret = "secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
        let named = format!("otpauth://totp/Svc:acct?{secret}&issuer=Svc");
        assert_eq!(names(&named), Ok((Some("Svc".into()), "acct".into())));
        let unnamed = format!("OTPAUTH://totp/?{secret}");
        assert_eq!(names(&unnamed), Ok((Some("Item".into()), "user".into())));
        // A bare secret: the item's name is the issuer, the username the label.
        assert_eq!(
            names(" GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ "),
            Ok((Some("Item".into()), "user".into()))
        );
        let steam = names("steam://GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ").unwrap();
        assert_eq!(steam, (Some("Steam".into()), "user".into()));
        // Short text that is not a URI is read as a secret (and refused as one).
        assert!(names("otpauth:/").unwrap_err().contains("base32"));
    }

    #[test]
    fn only_logins_with_a_code_are_entries() {
        let json = br#"{"items": [
            {"type": 2, "name": "note", "login": {"totp": "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"}},
            {"type": 1, "name": "blank", "login": {"totp": "  "}},
            {"name": "untyped", "login": {"totp": "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"}}
        ]}"#;
        let batch = read(json, None).unwrap();
        assert_eq!(batch.entries.len(), 1);
        assert_eq!(batch.entries[0].draft.issuer.as_deref(), Some("untyped"));
        assert!(batch.rejected.is_empty());
    }

    #[test]
    fn json_starts_with_a_brace_after_spaces_or_a_byte_order_mark() {
        assert!(is_json(b"  {"));
        assert!(is_json(b"\xef\xbb\xbf{}"));
        assert!(!is_json(b"folder,favorite"));
        assert!(!is_json(b""));
    }
}
