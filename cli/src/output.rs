//! Writing to stdout: one JSON document with `--json`, text otherwise. A closed pipe
//! (`otpkit list | head -1`) is not an error.
//!
//! No control character reaches the terminal. Names, paths and other text from outside go
//! through [`shown`] where they are put into a line; every line printed (stdout and the error
//! lines on stderr) goes through the same escaping once more, keeping only the line breaks the
//! CLI writes itself. An imported name holding ESC (terminal commands, OSC 52 writes the
//! clipboard), CR (overwrites the line) or a bidi override (shows text reversed) is printed as
//! `\x1b`, `\r` or `\u{202e}`. The only control sequences printed are `watch`'s own (cursor
//! moves, clearing below the cursor, hiding the cursor), written by the `console` crate.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::Path;

use console::Term;
use serde::Serialize;

use crate::context::Context;
use crate::error::CliError;
use crate::live::Redraw;

/// Prints `value` as JSON when `--json` was given, else `text` (a trailing newline is added).
pub fn emit<T: Serialize>(ctx: &Context, value: &T, text: &str) -> Result<(), CliError> {
    if ctx.json {
        print_line(&json_text(value, true)?)
    } else {
        print_line(text)
    }
}

/// Prints one line (or several, split by the CLI's own `\n`) on stdout, control characters
/// escaped.
pub fn print_line(line: &str) -> Result<(), CliError> {
    write_stdout(&[&escape(line, Newlines::Keep)])
}

/// Prints text otpkit generated from its own definition (a completion script, the man page)
/// as it is: it holds no outside text, and its tabs are meant.
pub fn print_generated(bytes: &[u8]) -> Result<(), CliError> {
    let mut stdout = io::stdout().lock();
    stdout
        .write_all(bytes)
        .and_then(|()| stdout.flush())
        .map_err(CliError::from_stdout)
}

/// Draws a [`Redraw`] on the terminal in one write: up over the previous block, clear to the
/// end of the screen, the new lines (each one escaped as [`shown`] does).
pub fn redraw(term: &Term, block: &Redraw) -> Result<(), CliError> {
    term.move_cursor_up(block.up)
        .and_then(|()| term.clear_to_end_of_screen())
        .and_then(|()| {
            block
                .lines
                .iter()
                .try_for_each(|line| term.write_line(&escape(line, Newlines::Escape)))
        })
        .and_then(|()| term.flush())
        .map_err(CliError::from_stdout)
}

fn write_stdout(parts: &[&str]) -> Result<(), CliError> {
    let mut stdout = io::stdout().lock();
    parts
        .iter()
        .try_for_each(|part| stdout.write_all(part.as_bytes()))
        .and_then(|()| stdout.write_all(b"\n"))
        .and_then(|()| stdout.flush())
        .map_err(CliError::from_stdout)
}

/// `value` as JSON (`pretty`: indented, else one line), with every character [`shown`] would
/// escape written as a `\uXXXX` escape. serde_json already escapes C0 controls; this adds DEL,
/// C1 controls (U+009B is CSI to some terminals) and the bidi and line-separator characters.
/// A JSON reader gets the same string back.
pub fn json_text<T: Serialize>(value: &T, pretty: bool) -> Result<String, CliError> {
    let document = if pretty {
        serde_json::to_string_pretty(value)
    } else {
        serde_json::to_string(value)
    }
    .map_err(CliError::internal)?;
    // Outside strings a document holds only ASCII punctuation and whitespace, and inside them
    // serde_json has escaped every character below U+0020: any character left to escape is
    // inside a string, where `\uXXXX` means the same character.
    if !document.chars().any(|c| must_escape(c) && c >= '\u{7f}') {
        return Ok(document);
    }
    let mut safe = String::with_capacity(document.len() + 16);
    for c in document.chars() {
        if must_escape(c) && c >= '\u{7f}' {
            // Every such character is in the Basic Multilingual Plane: one escape each.
            let _ = write!(safe, "\\u{:04x}", u32::from(c));
        } else {
            safe.push(c);
        }
    }
    Ok(safe)
}

/// Text from outside the CLI (an account's name, a group, a file path, a server name, input
/// quoted in a message) as it may be printed: every control character, line break included,
/// and every bidi control is written as an escape (`\x1b`, `\r`, `\n`, `\u{202e}`), so the text
/// stays on its line and cannot command the terminal. Backslashes are left as they are (a name
/// like `DOMAIN\user` stays readable), so applying it twice changes nothing more.
pub fn shown(text: &str) -> Cow<'_, str> {
    escape(text, Newlines::Escape)
}

/// A file path as [`shown`] prints it.
pub fn path_shown(path: &Path) -> String {
    shown(&path.display().to_string()).into_owned()
}

/// Whether [`escape`] keeps `\n` (the CLI's own line breaks) or escapes it too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Newlines {
    Keep,
    Escape,
}

fn escape(text: &str, newlines: Newlines) -> Cow<'_, str> {
    let escaped = |c: char| must_escape(c) && !(c == '\n' && newlines == Newlines::Keep);
    if !text.chars().any(escaped) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if !escaped(c) {
            out.push(c);
            continue;
        }
        let _ = match c {
            '\n' => out.write_str("\\n"),
            '\r' => out.write_str("\\r"),
            '\t' => out.write_str("\\t"),
            '\0'..='\u{7f}' => write!(out, "\\x{:02x}", u32::from(c)),
            _ => write!(out, "\\u{{{:x}}}", u32::from(c)),
        };
    }
    Cow::Owned(out)
}

/// Characters never printed as they are: the C0 and C1 controls and DEL (terminal commands,
/// carriage return, line breaks), the bidi embeddings, overrides, isolates and marks (they make
/// a terminal show text in another order than it is), and the Unicode line and paragraph
/// separators.
fn must_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
                | '\u{2028}' | '\u{2029}'
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_bidi_controls_are_shown_as_escapes() {
        let hostile =
            "a\x1b]52;c;aGk=\x07b\rc\nd\te\x7ff\u{9b}g\u{202e}h\u{2066}i\u{200f}j\u{2028}k";
        assert_eq!(
            shown(hostile),
            "a\\x1b]52;c;aGk=\\x07b\\rc\\nd\\te\\x7ff\\u{9b}g\\u{202e}h\\u{2066}i\\u{200f}j\\u{2028}k"
        );
    }

    #[test]
    fn ordinary_text_is_left_alone_and_escaping_twice_changes_nothing() {
        for text in [
            "GitHub: alice@example.com",
            "DOMAIN\\user",
            "Ünïcødé 日本 👩‍💻",
            "",
        ] {
            assert!(
                matches!(shown(text), Cow::Borrowed(t) if t == text),
                "{text}"
            );
        }
        let once = shown("x\x1by\u{202e}").into_owned();
        assert_eq!(shown(&once), once);
    }

    #[test]
    fn lines_keep_the_clis_own_line_breaks_only() {
        assert_eq!(
            escape("one\ntwo\r\x1b[2J", Newlines::Keep),
            "one\ntwo\\r\\x1b[2J"
        );
    }

    #[test]
    fn json_escapes_what_serde_leaves_and_reads_back_the_same() {
        let name = "a\x1b\x7f\u{85}\u{202e}\u{2029}b\n";
        for pretty in [true, false] {
            let text = json_text(&serde_json::json!({ "name": name }), pretty).unwrap();
            assert!(!text.chars().any(|c| must_escape(c) && c != '\n'), "{text}");
            assert!(text.contains(r"\u007f\u0085\u202e\u2029"), "{text}");
            let back: serde_json::Value = serde_json::from_str(&text).unwrap();
            assert_eq!(back["name"], name);
        }
    }
}
