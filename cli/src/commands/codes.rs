//! `otpkit codes [--at UNIX_SECONDS] [--next ID]`: every account's current code, or the next
//! code of one HOTP account (its counter is saved before the code is printed).

use otpkit_core::vault::{AccountId, Vault};

use crate::context::Context;
use crate::correction;
use crate::error::CliError;
use crate::json::{AccountChangeJson, AccountCodeJson, CodeJson, CodesJson, VaultAccountJson};
use crate::output::{emit, shown};
use crate::unlock;

/// Arguments of `otpkit codes`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  otpkit codes
  otpkit codes --next 3               the next code of HOTP account 3 (its counter is saved)
  otpkit --json codes | jq -r '.codes[] | select(.issuer == \"ACME\") | .code'")]
pub struct Args {
    /// Compute the codes at this instant instead of now.
    #[arg(long, value_name = "UNIX_SECONDS", value_parser = crate::args::unix_seconds, conflicts_with = "next")]
    pub at: Option<u64>,
    /// Show the next code of this HOTP account, saving its counter first.
    #[arg(long, value_name = "ID")]
    pub next: Option<u64>,
}

/// Prints the codes.
pub fn run(ctx: &Context, args: Args) -> Result<(), CliError> {
    let mut vault = unlock::open(ctx)?;
    if let Some(id) = args.next {
        return next_hotp(ctx, &mut vault, AccountId(id));
    }
    let when = correction::codes_at(&mut vault, args.at)?;
    let (json, text) = render(&vault, when.at, when.correction_ms);
    emit(ctx, &json, &text)
}

/// The codes at `at` (which includes `correction_ms`, if any) as JSON and as text (shared with
/// `watch`).
pub fn render(vault: &Vault, at: u64, correction_ms: Option<i64>) -> (CodesJson<'_>, String) {
    let codes = vault.codes(at);
    let mut rows = Vec::with_capacity(codes.len());
    let mut lines = Vec::with_capacity(codes.len());
    for (account, entry) in vault.accounts().iter().zip(codes) {
        let code = entry.code;
        lines.push(match &code {
            Some(code) => format!(
                "{:>4}  {:<10}  {:>2} s  {}",
                account.id(),
                code.value,
                code.seconds_left(at).unwrap_or(0),
                shown(&account.display_name())
            ),
            None => format!(
                "{:>4}  {:<10}  {:>4}  {}",
                account.id(),
                "(hotp)",
                "",
                shown(&account.display_name())
            ),
        });
        rows.push((account, code));
    }
    let json_rows = rows
        .iter()
        .map(|(account, code)| AccountCodeJson {
            id: account.id().0,
            otp_type: account.otp_type().as_str(),
            issuer: account.issuer(),
            label: account.label(),
            code: code.as_ref().map(|c| c.value.clone()),
            next_code: code.as_ref().map(|c| c.next.clone()),
            valid_from: code.as_ref().and_then(|c| c.valid_from),
            valid_until: code.as_ref().and_then(|c| c.valid_until),
        })
        .collect();
    let mut text = if lines.is_empty() {
        "no accounts".to_string()
    } else {
        lines.join("\n")
    };
    if let Some(ms) = correction_ms {
        text = format!("{text}\n{}", correction::note(ms));
    }
    (
        CodesJson {
            at,
            correction_ms,
            codes: json_rows,
        },
        text,
    )
}

fn next_hotp(ctx: &Context, vault: &mut Vault, id: AccountId) -> Result<(), CliError> {
    let code = unlock::redo_if_changed(vault, |v| v.next_hotp(id))?;
    let account = vault.account(id)?;
    let text = format!(
        "{}  next {}  counter now {}  {}",
        code.value,
        code.next,
        account.counter(),
        shown(&account.display_name())
    );
    #[derive(serde::Serialize)]
    struct NextJson<'a> {
        #[serde(flatten)]
        code: CodeJson<'a>,
        #[serde(flatten)]
        change: AccountChangeJson<'a>,
    }
    let json = NextJson {
        code: CodeJson::from(&code),
        change: AccountChangeJson {
            action: "counter_advanced",
            account: VaultAccountJson::from(account),
        },
    };
    emit(ctx, &json, &text)
}
