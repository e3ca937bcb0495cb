//! What `watch` shows at each refresh, as pure functions of the codes, the instant and the
//! previous block: the block a terminal redraws in place, and the one line a pipe gets.
//! `output::redraw` puts a block on the terminal.

use otpkit_core::otp::Code;

use crate::output::shown;

/// Cells of the countdown bar: one per tenth of the step.
const BAR_CELLS: u64 = 10;

/// The last line of the block on a terminal.
pub const STOP_HINT: &str = "(ctrl-c to stop)";

/// One account at one refresh.
#[derive(Debug, Clone)]
pub struct Row {
    /// The vault id.
    pub id: u64,
    /// The name as the vault shows it (escaped here before it is printed).
    pub name: String,
    /// The code; None for an HOTP account (its codes are taken one by one with `codes --next`).
    pub code: Option<Code>,
}

/// The terminal's size in columns and lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Screen {
    /// Columns.
    pub width: usize,
    /// Lines.
    pub height: usize,
}

/// A block to draw: move up over the `up` lines of the previous block, clear from there to the
/// end of the screen, print `lines`. Everything above the block (`scan --watch`'s `added` line,
/// the shell prompt) stays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redraw {
    /// Lines to move up: the height of the block drawn before (0 for the first).
    pub up: usize,
    /// The block, one entry per line; its length is the next refresh's `up`.
    pub lines: Vec<String>,
}

/// The block for `rows` at `at` on `screen`, replacing a block of `previous_height` lines.
/// Each line fits the width (a wrapped line would take two lines and the next refresh would
/// move up too few); a block taller than the screen keeps its first accounts and says how many
/// more there are (lines scrolled off the top cannot be redrawn).
pub fn block(
    rows: &[Row],
    at: u64,
    note: Option<&str>,
    screen: Screen,
    previous_height: usize,
) -> Redraw {
    let footer: Vec<String> = note
        .into_iter()
        .map(str::to_owned)
        .chain([String::new(), STOP_HINT.to_owned()])
        .collect();
    // One line is left free for the cursor below the block.
    let room = screen.height.saturating_sub(footer.len() + 1).max(1);
    let mut lines: Vec<String> = if rows.is_empty() {
        vec!["no accounts".to_owned()]
    } else if rows.len() <= room {
        rows.iter().map(|row| row_line(row, at)).collect()
    } else {
        let kept = room.saturating_sub(1);
        rows[..kept]
            .iter()
            .map(|row| row_line(row, at))
            .chain([format!(
                "... and {} more (a taller window shows them)",
                rows.len() - kept
            )])
            .collect()
    };
    lines.extend(footer);
    let lines = lines
        .into_iter()
        .map(|line| console::truncate_str(&line, screen.width.max(1), "…").into_owned())
        .collect();
    Redraw {
        up: previous_height,
        lines,
    }
}

/// One refresh as one line, for a pipe or a file: the instant, then each account's id, code,
/// seconds left and name, separated by ` | `.
pub fn line(rows: &[Row], at: u64) -> String {
    let accounts: Vec<String> = rows
        .iter()
        .map(|row| match &row.code {
            Some(code) => format!(
                "{} {} {} s {}",
                row.id,
                code.value,
                code.seconds_left(at).unwrap_or(0),
                shown(&row.name)
            ),
            None => format!("{} (hotp) {}", row.id, shown(&row.name)),
        })
        .collect();
    if accounts.is_empty() {
        format!("{at}  no accounts")
    } else {
        format!("{at}  {}", accounts.join(" | "))
    }
}

fn row_line(row: &Row, at: u64) -> String {
    let name = shown(&row.name);
    match &row.code {
        Some(code) => {
            let left = code.seconds_left(at).unwrap_or(0);
            format!(
                "{:>4}  {:<10}  {:>2} s  {}  {name}",
                row.id,
                code.value,
                left,
                bar(left, step_length(code))
            )
        }
        None => format!(
            "{:>4}  {:<10}  {:>4}  {:w$}  {name}",
            row.id,
            "(hotp)",
            "",
            "",
            w = BAR_CELLS as usize + 2
        ),
    }
}

fn step_length(code: &Code) -> u64 {
    match (code.valid_from, code.valid_until) {
        (Some(from), Some(until)) if until > from => until - from,
        _ => 1,
    }
}

/// `[######----]`: the part of the step still left, rounded up so a code with time left never
/// shows an empty bar.
fn bar(left: u64, step: u64) -> String {
    let full = (left.min(step) * BAR_CELLS).div_ceil(step.max(1));
    format!(
        "[{}{}]",
        "#".repeat(full as usize),
        "-".repeat((BAR_CELLS - full) as usize)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const WIDE: Screen = Screen {
        width: 100,
        height: 40,
    };

    fn totp(id: u64, name: &str, value: &str, from: u64) -> Row {
        Row {
            id,
            name: name.to_owned(),
            code: Some(Code {
                value: value.to_owned(),
                next: "000000".to_owned(),
                valid_from: Some(from),
                valid_until: Some(from + 30),
            }),
        }
    }

    fn rows() -> Vec<Row> {
        vec![
            totp(1, "ACME: alice", "287082", 30),
            Row {
                id: 2,
                name: "Bank".to_owned(),
                code: None,
            },
        ]
    }

    #[test]
    fn the_block_lists_each_code_with_its_countdown_and_replaces_the_previous_block() {
        // The test clock: 21 s into the step that began at 30.
        let first = block(&rows(), 51, None, WIDE, 0);
        assert_eq!(first.up, 0);
        assert_eq!(
            first.lines,
            [
                "   1  287082       9 s  [###-------]  ACME: alice",
                "   2  (hotp)                          Bank",
                "",
                STOP_HINT,
            ]
        );
        let next = block(&rows(), 52, None, WIDE, first.lines.len());
        assert_eq!(next.up, 4);
        assert_eq!(
            next.lines[0],
            "   1  287082       8 s  [###-------]  ACME: alice"
        );
    }

    #[test]
    fn the_bar_empties_as_the_step_runs_out() {
        assert_eq!(bar(30, 30), "[##########]");
        assert_eq!(bar(15, 30), "[#####-----]");
        assert_eq!(bar(1, 30), "[#---------]");
        assert_eq!(bar(0, 30), "[----------]");
        assert_eq!(bar(5, 10), "[#####-----]");
    }

    #[test]
    fn a_correction_note_goes_under_the_codes() {
        let drawn = block(&rows()[..1], 30, Some("(clock corrected)"), WIDE, 0);
        assert_eq!(drawn.lines[1..], ["(clock corrected)", "", STOP_HINT]);
    }

    #[test]
    fn lines_are_cut_to_the_width_so_none_wraps() {
        let narrow = Screen {
            width: 20,
            height: 40,
        };
        let drawn = block(&rows(), 51, None, narrow, 0);
        for line in &drawn.lines {
            assert!(console::measure_text_width(line) <= 20, "{line:?}");
        }
        assert_eq!(drawn.lines[0], "   1  287082       …");
    }

    #[test]
    fn a_block_taller_than_the_screen_keeps_the_first_accounts_and_counts_the_rest() {
        let many: Vec<Row> = (1..=10).map(|id| totp(id, "x", "123456", 30)).collect();
        let short = Screen {
            width: 80,
            height: 8,
        };
        let drawn = block(&many, 40, None, short, 0);
        // Four accounts, the count, the footer, and the cursor's line: the 8 lines of the screen.
        assert_eq!(drawn.lines.len(), 7, "{:?}", drawn.lines);
        assert_eq!(drawn.lines[3], "   4  123456      20 s  [#######---]  x");
        assert_eq!(
            drawn.lines[4],
            "... and 6 more (a taller window shows them)"
        );
        assert_eq!(drawn.lines[5..], ["", STOP_HINT]);
    }

    #[test]
    fn names_cannot_command_the_terminal() {
        let hostile = vec![totp(1, "evil\x1b[2J\rname", "111111", 0)];
        let drawn = block(&hostile, 1, None, WIDE, 0);
        assert!(drawn.lines[0].ends_with("evil\\x1b[2J\\rname"), "{drawn:?}");
        assert!(line(&hostile, 1).ends_with("evil\\x1b[2J\\rname"));
    }

    #[test]
    fn a_pipe_gets_one_line_per_refresh() {
        assert_eq!(
            line(&rows(), 51),
            "51  1 287082 9 s ACME: alice | 2 (hotp) Bank"
        );
        assert_eq!(line(&[], 51), "51  no accounts");
    }
}
