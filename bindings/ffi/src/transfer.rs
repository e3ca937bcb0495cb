//! Moving accounts to another phone by QR code: `Vault.transferQrCodes` gives Google
//! Authenticator export codes (read by Google Authenticator, OtpKit and most authenticators),
//! each with its module matrix, so the app draws them without a QR library.

use std::sync::Arc;

use otpkit_core::qr::transfer::{self, TransferCode};
use otpkit_core::uri::AccountDraft;

use crate::error::OtpKitError;
use crate::vault::{account_id_of, Vault};

/// One QR code of a transfer, shown as "code 1 of 3". It holds secrets: show it only while the
/// user asked to, never log `payload()`. Its text forms (`toString`, `description`) show none.
#[derive(uniffi::Object)]
pub struct TransferQr {
    code: TransferCode,
}

impl std::fmt::Debug for TransferQr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.code.fmt(f)
    }
}

#[uniffi::export]
impl TransferQr {
    /// The same in all codes of one transfer.
    pub fn batch_id(&self) -> i32 {
        self.code.batch_id
    }

    /// Which code this is, from 0.
    pub fn index(&self) -> u32 {
        self.code.index
    }

    /// How many codes the transfer has.
    pub fn count(&self) -> u32 {
        self.code.count
    }

    /// How many accounts this code holds.
    pub fn account_count(&self) -> u32 {
        u32::try_from(self.code.accounts).unwrap_or(u32::MAX)
    }

    /// Modules per side, without the quiet zone: draw `size` x `size` squares, and leave 4
    /// light modules around them.
    pub fn size(&self) -> u32 {
        u32::try_from(self.code.matrix.size()).unwrap_or(u32::MAX)
    }

    /// Every module, row by row from the top left: 1 dark, 0 light.
    pub fn modules(&self) -> Vec<u8> {
        self.code.matrix.modules().to_vec()
    }

    /// The `otpauth-migration://` URI the code holds, with every secret in it: for a platform
    /// QR generator, never for a log.
    pub fn payload(&self) -> String {
        self.code.uri.to_string()
    }
}

#[uniffi::export]
impl Vault {
    /// The QR codes that move accounts to another phone: Google Authenticator's export format,
    /// a few accounts per code (each code at most 69 modules a side, so a phone reads it at arm's
    /// length), one batch id shared by all. `accountIds` None: every account, in the user's
    /// order; else those accounts, in the order given. `InvalidInput` names an account the
    /// format cannot carry unchanged (a period other than 30 s, Steam, 5 or 7 digits) or one
    /// too long for a QR code: leave it out and move it another way.
    pub fn transfer_qr_codes(
        &self,
        account_ids: Option<Vec<String>>,
    ) -> Result<Vec<Arc<TransferQr>>, OtpKitError> {
        let vault = self.lock();
        let drafts: Vec<AccountDraft> = match account_ids {
            None => vault.accounts().iter().map(|a| a.to_draft()).collect(),
            Some(ids) => {
                let mut drafts = Vec::with_capacity(ids.len());
                let mut listed = std::collections::HashSet::new();
                for text in &ids {
                    let id = account_id_of(text)?;
                    if !listed.insert(id) {
                        return Err(OtpKitError::invalid_argument(
                            "accountIds",
                            None,
                            format!("account {id} is listed twice: list each account once"),
                        ));
                    }
                    drafts.push(vault.account(id)?.to_draft());
                }
                drafts
            }
        };
        drop(vault);
        let codes = transfer::transfer_codes(&drafts, transfer::new_batch_id())
            .map_err(|err| OtpKitError::from(otpkit_core::Error::from(err)))?;
        Ok(codes
            .into_iter()
            .map(|code| Arc::new(TransferQr { code }))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch::ExportBatchTracker;
    use crate::clock::At;
    use crate::qr::QrScanner;
    use crate::worker::run;

    /// The code drawn as an app would (4 pixels a module, 4 light modules around it), in the
    /// middle of a light frame twice as wide, as a camera sees a screen.
    fn camera_frame(code: &TransferQr) -> (Vec<u8>, i32) {
        let (size, modules) = (code.size() as usize, code.modules());
        let side = (size + 8) * 4;
        let frame_side = side * 2;
        let mut frame = vec![255u8; frame_side * frame_side];
        for y in 0..size {
            for x in 0..size {
                if modules[y * size + x] == 1 {
                    for py in 0..4 {
                        let row = (side / 2 + (y + 4) * 4 + py) * frame_side;
                        let start = row + side / 2 + (x + 4) * 4;
                        frame[start..start + 4].fill(0);
                    }
                }
            }
        }
        (frame, frame_side as i32)
    }

    fn vault_with(dir: &tempfile::TempDir, name: &str, accounts: usize) -> Arc<Vault> {
        let path = dir.path().join(name).to_string_lossy().into_owned();
        let vault = run(Vault::create_with_passphrase(
            path,
            "pass".into(),
            Arc::new(At(1000)),
        ))
        .unwrap();
        for i in 0..accounts {
            // A key of its own per account (two letters from the index).
            let letter = |n: usize| char::from(b'A' + (n % 26) as u8);
            let uri = format!(
                "otpauth://totp/ACME:user{i}@example.com?secret=JBSWY3DPEHPK3PXPAAAAAA{}{}&issuer=ACME",
                letter(i / 26),
                letter(i)
            );
            vault.add_uri(uri).unwrap();
        }
        vault
    }

    #[test]
    fn a_transfer_read_by_the_scanner_and_the_tracker_gives_the_same_accounts_and_codes() {
        let dir = tempfile::tempdir().unwrap();
        let source = vault_with(&dir, "old-phone", 12);
        let codes = source.transfer_qr_codes(None).unwrap();
        assert!(codes.len() >= 3, "{} codes", codes.len());
        assert!(!format!("{:?}", codes[0]).contains("data="));
        let scanner = QrScanner::new();
        let tracker = ExportBatchTracker::new();
        for code in codes.iter().rev() {
            let (frame, side) = camera_frame(code);
            let found = scanner.scan_luma(frame, side, side, side, 0).unwrap();
            let progress = tracker.record(found[0].clone()).unwrap();
            assert_eq!(progress.batch_id, code.batch_id());
            assert_eq!(progress.complete, code.index() == 0);
        }
        let export = tracker.take_complete(codes[0].batch_id()).unwrap();
        assert_eq!(export.part_count() as usize, codes.len());
        let target = vault_with(&dir, "new-phone", 0);
        let report = target.add_scanned_export(export.clone()).unwrap();
        assert_eq!(report.added.len(), 12);
        let view = |v: &Vault| {
            v.accounts()
                .into_iter()
                .map(|a| (a.issuer, a.label, a.digits, a.period_seconds))
                .collect::<Vec<_>>()
        };
        assert_eq!(view(&target), view(&source));
        let codes_of = |v: &Vault| {
            v.codes_at(1_700_000_000)
                .unwrap()
                .into_iter()
                .map(|c| c.code.unwrap().code)
                .collect::<Vec<_>>()
        };
        assert_eq!(codes_of(&target), codes_of(&source));
        // The same export again: every account is a duplicate.
        let again = target.add_scanned_export(export).unwrap();
        assert_eq!((again.added.len(), again.duplicates.len()), (0, 12));
    }

    #[test]
    fn a_selection_is_exported_in_its_order_and_bad_selections_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let vault = vault_with(&dir, "vault", 3);
        let ids: Vec<String> = vault.accounts().into_iter().map(|a| a.account_id).collect();
        let codes = vault
            .transfer_qr_codes(Some(vec![ids[2].clone(), ids[0].clone()]))
            .unwrap();
        assert_eq!((codes.len(), codes[0].account_count()), (1, 2));
        let parsed = otpkit_core::uri::parse(&codes[0].payload()).unwrap();
        let labels: Vec<_> = parsed.accounts.iter().map(|a| a.label.as_str()).collect();
        assert_eq!(labels, ["user2@example.com", "user0@example.com"]);
        let twice = vault
            .transfer_qr_codes(Some(vec![ids[0].clone(), ids[0].clone()]))
            .unwrap_err();
        assert!(twice.to_string().contains("listed twice"), "{twice}");
        assert!(vault.transfer_qr_codes(Some(vec!["99".into()])).is_err());
        let none = vault.transfer_qr_codes(Some(vec![])).unwrap_err();
        assert!(matches!(none, OtpKitError::InvalidInput { .. }), "{none:?}");
        vault
            .add_uri("otpauth://totp/Slow?secret=JBSWY3DPEHPK3PXP&period=60".into())
            .unwrap();
        let slow = vault.transfer_qr_codes(None).unwrap_err();
        assert!(
            slow.to_string().contains("account 4 cannot be exported"),
            "{slow}"
        );
    }
}
