//! Google Authenticator exports too many accounts for one QR code as a batch of codes shown one
//! after another. The tracker remembers which parts of each batch the camera has seen, so the
//! app can say "2 of 3 scanned, part 3 missing" and import once every part is in.

use std::collections::BTreeMap;

use zeroize::Zeroizing;

use crate::uri::BatchInfo;

/// How far one batch has come.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchProgress {
    /// The export's id.
    pub batch_id: i32,
    /// Parts in the export.
    pub size: u32,
    /// Part indexes seen so far, ascending (from 0).
    pub seen: Vec<u32>,
    /// Part indexes not yet seen, ascending (from 0).
    pub missing: Vec<u32>,
}

impl BatchProgress {
    /// True once every part has been seen.
    pub fn is_complete(&self) -> bool {
        self.missing.is_empty()
    }
}

/// Largest batch accepted: Google's exports stay far below it; it bounds what a crafted code
/// can make the tracker hold.
pub const MAX_BATCH_SIZE: u32 = 100;

/// Why a part was not recorded. The batch's earlier parts are kept.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BatchPartError {
    /// The part's index is not below the batch's size.
    #[error("this code says it is part {} of {size}: the export is damaged; export the accounts again", .index + 1)]
    IndexOutOfRange {
        /// The index, from 0.
        index: u32,
        /// The batch's size.
        size: u32,
    },
    /// More parts than any real export has.
    #[error("this code says its export has {size} parts, more than the {max} OtpKit reads: export fewer accounts at a time")]
    TooManyParts {
        /// The size the part gave.
        size: u32,
        /// [`MAX_BATCH_SIZE`].
        max: u32,
    },
    /// The part gives another size than the earlier parts of its batch (two exports with the
    /// same id).
    #[error("this code says its export has {size} parts, but the codes scanned before from the same export said {earlier}: scan the codes of one export only, or start again")]
    SizeMismatch {
        /// The size this part gave.
        size: u32,
        /// The size the batch's earlier parts gave.
        earlier: u32,
    },
}

/// Parts seen per batch, with their payloads (which hold secrets, hence zeroized on drop).
/// Several batches may be in progress at once.
#[derive(Default)]
pub struct BatchTracker {
    batches: BTreeMap<i32, Batch>,
}

struct Batch {
    size: u32,
    parts: BTreeMap<u32, Zeroizing<String>>,
}

impl BatchTracker {
    /// A tracker with no batch.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a part (a part seen before is kept as it was) and gives its batch's progress.
    /// Refuses (and records nothing) an index outside the batch, a size above
    /// [`MAX_BATCH_SIZE`], or a size that disagrees with the batch's earlier parts. A size of 0
    /// (not given) counts as a batch of one.
    pub fn record(
        &mut self,
        info: BatchInfo,
        payload: &str,
    ) -> Result<BatchProgress, BatchPartError> {
        // An exporter that does not give the size (0) wrote a single code.
        let size = info.size.max(1);
        if size > MAX_BATCH_SIZE {
            return Err(BatchPartError::TooManyParts {
                size,
                max: MAX_BATCH_SIZE,
            });
        }
        if info.index >= size {
            return Err(BatchPartError::IndexOutOfRange {
                index: info.index,
                size,
            });
        }
        let batch = self.batches.entry(info.batch_id).or_insert_with(|| Batch {
            size,
            parts: BTreeMap::new(),
        });
        if batch.size != size {
            return Err(BatchPartError::SizeMismatch {
                size,
                earlier: batch.size,
            });
        }
        batch
            .parts
            .entry(info.index)
            .or_insert_with(|| Zeroizing::new(payload.to_owned()));
        Ok(progress_of(info.batch_id, batch))
    }

    /// Progress of every batch seen, by batch id.
    pub fn progress(&self) -> Vec<BatchProgress> {
        self.batches
            .iter()
            .map(|(&batch_id, batch)| progress_of(batch_id, batch))
            .collect()
    }

    /// Removes a complete batch and gives its payloads in part order; `None` (and the batch
    /// stays) while parts are missing.
    pub fn take_complete(&mut self, batch_id: i32) -> Option<Vec<Zeroizing<String>>> {
        let batch = self.batches.get(&batch_id)?;
        if batch.parts.len() != batch.size as usize {
            return None;
        }
        self.batches
            .remove(&batch_id)
            .map(|b| b.parts.into_values().collect())
    }

    /// Forgets every batch (the user left the scan screen).
    pub fn clear(&mut self) {
        self.batches.clear();
    }
}

fn progress_of(batch_id: i32, batch: &Batch) -> BatchProgress {
    BatchProgress {
        batch_id,
        size: batch.size,
        seen: batch.parts.keys().copied().collect(),
        missing: (0..batch.size)
            .filter(|i| !batch.parts.contains_key(i))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(index: u32, size: u32) -> BatchInfo {
        BatchInfo {
            batch_id: 7,
            index,
            size,
            version: 1,
        }
    }

    #[test]
    fn a_batch_says_which_parts_are_missing_until_all_are_seen() {
        let mut tracker = BatchTracker::new();
        let first = tracker.record(part(1, 3), "p1").unwrap();
        assert_eq!(tracker.record(part(1, 3), "p1 again").unwrap(), first);
        assert_eq!(
            first,
            BatchProgress {
                batch_id: 7,
                size: 3,
                seen: vec![1],
                missing: vec![0, 2]
            }
        );
        assert!(!first.is_complete());
        assert_eq!(tracker.progress(), [first]);
        assert!(tracker.take_complete(7).is_none());
        tracker.record(part(0, 3), "p0").unwrap();
        tracker.record(part(2, 3), "p2").unwrap();
        assert!(tracker.progress()[0].is_complete());
        let parts = tracker.take_complete(7).unwrap();
        let parts: Vec<&str> = parts.iter().map(|p| p.as_str()).collect();
        assert_eq!(parts, ["p0", "p1", "p2"]);
        assert!(tracker.progress().is_empty());
    }

    #[test]
    fn a_part_without_a_size_is_a_batch_of_one() {
        let mut tracker = BatchTracker::default();
        assert!(tracker.record(part(0, 0), "x").unwrap().is_complete());
        assert_eq!(
            tracker.record(part(1, 0), "y"),
            Err(BatchPartError::IndexOutOfRange { index: 1, size: 1 }),
            "index 1 of a batch of one"
        );
    }

    #[test]
    fn inconsistent_or_out_of_range_parts_are_refused() {
        let mut tracker = BatchTracker::default();
        assert_eq!(
            tracker.record(part(3, 3), "x"),
            Err(BatchPartError::IndexOutOfRange { index: 3, size: 3 })
        );
        assert_eq!(
            tracker.record(part(0, MAX_BATCH_SIZE + 1), "x"),
            Err(BatchPartError::TooManyParts {
                size: MAX_BATCH_SIZE + 1,
                max: MAX_BATCH_SIZE
            })
        );
        assert!(tracker.progress().is_empty(), "nothing recorded");
        assert!(tracker
            .record(part(MAX_BATCH_SIZE - 1, MAX_BATCH_SIZE), "x")
            .is_ok());
        tracker.clear();
        assert!(tracker.record(part(0, 2), "x").is_ok());
        let mismatch = tracker.record(part(1, 3), "x").unwrap_err();
        assert_eq!(
            mismatch,
            BatchPartError::SizeMismatch {
                size: 3,
                earlier: 2
            },
            "size disagrees with the first part"
        );
        assert!(mismatch.to_string().contains("said 2"), "{mismatch}");
        assert_eq!(tracker.progress()[0].missing, vec![1]);
    }
}
