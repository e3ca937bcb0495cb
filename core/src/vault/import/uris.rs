//! Text files of `otpauth://` and `otpauth-migration://` URIs, one per line.

use super::{ImportBatch, ImportError};

/// Reads a text file of URIs.
pub fn read(_bytes: &[u8]) -> Result<ImportBatch, ImportError> {
    Err(ImportError::UnknownFormat)
}
