//! Google Authenticator exports spread over several QR codes: an `ExportBatchTracker` remembers
//! which parts of each export the camera has seen (core's tracker), says which are missing, and
//! hands over the whole export once every part is in, for `Vault.addScannedExport`. The parts'
//! content never leaves Rust.

use std::sync::{Arc, Mutex, MutexGuard};

use otpkit_core::qr::{BatchProgress, BatchTracker};
use otpkit_core::uri;
use otpkit_core::vault::import::{self, ImportBatch};
use zeroize::Zeroizing;

use crate::error::OtpKitError;
use crate::qr::{ScannedCode, ScannedKind};
use crate::reason::{ErrorDetails, ErrorReason};
use crate::vault::Vault;
use crate::views::ImportReport;

/// How far one export has come: "2 of 3 codes scanned, code 2 missing".
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ExportProgress {
    /// The export's id (the same in all its codes).
    pub batch_id: i32,
    /// How many codes the export has.
    pub size: i32,
    /// The codes seen, by index from 0, ascending.
    pub seen: Vec<i32>,
    /// The codes still to scan, by index from 0, ascending.
    pub missing: Vec<i32>,
    /// Every code is in: `takeComplete(batchId)` gives the export.
    pub complete: bool,
}

impl From<BatchProgress> for ExportProgress {
    fn from(progress: BatchProgress) -> Self {
        // At most MAX_BATCH_SIZE (100) parts: every number fits.
        let int = |v: u32| i32::try_from(v).unwrap_or(i32::MAX);
        ExportProgress {
            complete: progress.is_complete(),
            batch_id: progress.batch_id,
            size: int(progress.size),
            seen: progress.seen.into_iter().map(int).collect(),
            missing: progress.missing.into_iter().map(int).collect(),
        }
    }
}

/// Tracks the parts of Google Authenticator exports across camera frames. Keep one per scan
/// screen; several exports may be in progress at once. Calls queue up if made from several
/// threads.
#[derive(uniffi::Object)]
pub struct ExportBatchTracker {
    inner: Mutex<BatchTracker>,
}

#[uniffi::export]
impl ExportBatchTracker {
    /// A tracker with no export in progress.
    #[uniffi::constructor]
    pub fn new() -> Arc<Self> {
        Arc::new(ExportBatchTracker {
            inner: Mutex::new(BatchTracker::new()),
        })
    }

    /// Records a scanned export code (a code seen before changes nothing) and gives its
    /// export's progress. `InvalidInput` for a code that is not part of an export, or a part
    /// that does not fit the parts seen before (another part count: two exports with one id).
    pub fn record(&self, code: Arc<ScannedCode>) -> Result<ExportProgress, OtpKitError> {
        if code.kind() != ScannedKind::ExportPart {
            return Err(OtpKitError::new(
                ErrorReason::NotAnExportCode,
                ErrorDetails::default(),
                "this code is not part of a Google Authenticator export: add it with addScanned",
            ));
        }
        let parsed = uri::parse(code.text())?;
        // Every export code the parser accepts has its batch position (size 0: a single code).
        let info = parsed.batch.unwrap_or(uri::BatchInfo {
            batch_id: 0,
            index: 0,
            size: 1,
            version: 0,
        });
        let progress = self
            .lock()
            .record(info, code.text())
            .map_err(OtpKitError::from)?;
        Ok(progress.into())
    }

    /// The progress of every export seen since the tracker was made or reset, by batch id.
    pub fn progress(&self) -> Vec<ExportProgress> {
        self.lock()
            .progress()
            .into_iter()
            .map(ExportProgress::from)
            .collect()
    }

    /// The whole export once every code is in (it leaves the tracker); None while codes are
    /// missing or for an export never seen.
    pub fn take_complete(&self, batch_id: i32) -> Option<Arc<ScannedExport>> {
        let parts = self.lock().take_complete(batch_id)?;
        Some(Arc::new(ScannedExport { batch_id, parts }))
    }

    /// Forgets every export in progress (the user left the scan screen).
    pub fn reset(&self) {
        self.lock().clear();
    }
}

impl ExportBatchTracker {
    fn lock(&self) -> MutexGuard<'_, BatchTracker> {
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Every code of one export, in order: add it with `Vault.addScannedExport`. Its content (the
/// accounts' secrets) stays in Rust.
#[derive(uniffi::Object)]
pub struct ScannedExport {
    batch_id: i32,
    parts: Vec<Zeroizing<String>>,
}

impl std::fmt::Debug for ScannedExport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ScannedExport")
            .field("batch_id", &self.batch_id)
            .field("parts", &self.parts.len())
            .finish()
    }
}

#[uniffi::export]
impl ScannedExport {
    /// The export's id.
    pub fn batch_id(&self) -> i32 {
        self.batch_id
    }

    /// How many codes it came in.
    pub fn part_count(&self) -> i32 {
        i32::try_from(self.parts.len()).unwrap_or(i32::MAX)
    }
}

impl ScannedExport {
    /// Every account of every part, as one import (one save).
    fn import_batch(&self) -> Result<ImportBatch, OtpKitError> {
        let mut batch = ImportBatch::default();
        let count = self.parts.len();
        for (index, part) in self.parts.iter().enumerate() {
            let place = format!("code {} of {count}", index + 1);
            batch.append(import::uris::batch_from(uri::parse(part)?, &place));
        }
        Ok(batch)
    }
}

#[uniffi::export]
impl Vault {
    /// Adds every account of a complete export (see `ExportBatchTracker.takeComplete`) in one
    /// save: all of it or, if the save fails, nothing. Accounts already in the vault are
    /// reported, not added twice; the same export can be added again after a failure.
    pub fn add_scanned_export(
        &self,
        export: Arc<ScannedExport>,
    ) -> Result<ImportReport, OtpKitError> {
        self.import_dated_now(export.import_batch()?)
    }
}
