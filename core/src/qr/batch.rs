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

/// Parts seen per batch, with their payloads (which hold secrets, hence zeroized on drop).
#[derive(Default)]
pub(crate) struct BatchTracker {
    batches: BTreeMap<i32, Batch>,
}

struct Batch {
    size: u32,
    parts: BTreeMap<u32, Zeroizing<String>>,
}

impl BatchTracker {
    /// Records a part. Returns false (and records nothing) for an index outside the batch, a
    /// size above [`MAX_BATCH_SIZE`], or a size that disagrees with the batch's earlier parts.
    /// A size of 0 (not given) counts as a batch of one.
    pub fn record(&mut self, info: BatchInfo, payload: &str) -> bool {
        // An exporter that does not give the size (0) wrote a single code.
        let size = info.size.max(1);
        let info = BatchInfo { size, ..info };
        if info.size > MAX_BATCH_SIZE || info.index >= info.size {
            return false;
        }
        let batch = self.batches.entry(info.batch_id).or_insert_with(|| Batch {
            size: info.size,
            parts: BTreeMap::new(),
        });
        if batch.size != info.size {
            return false;
        }
        batch
            .parts
            .entry(info.index)
            .or_insert_with(|| Zeroizing::new(payload.to_owned()));
        true
    }

    /// Progress of every batch seen, by batch id.
    pub fn progress(&self) -> Vec<BatchProgress> {
        self.batches
            .iter()
            .map(|(&batch_id, batch)| BatchProgress {
                batch_id,
                size: batch.size,
                seen: batch.parts.keys().copied().collect(),
                missing: (0..batch.size)
                    .filter(|i| !batch.parts.contains_key(i))
                    .collect(),
            })
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
        let mut tracker = BatchTracker::default();
        assert!(tracker.record(part(1, 3), "p1"));
        assert!(tracker.record(part(1, 3), "p1 again"));
        let progress = &tracker.progress()[0];
        assert_eq!(
            (progress.seen.clone(), progress.missing.clone()),
            (vec![1], vec![0, 2])
        );
        assert!(tracker.take_complete(7).is_none());
        tracker.record(part(0, 3), "p0");
        tracker.record(part(2, 3), "p2");
        assert!(tracker.progress()[0].is_complete());
        let parts = tracker.take_complete(7).unwrap();
        let parts: Vec<&str> = parts.iter().map(|p| p.as_str()).collect();
        assert_eq!(parts, ["p0", "p1", "p2"]);
        assert!(tracker.progress().is_empty());
    }

    #[test]
    fn a_part_without_a_size_is_a_batch_of_one() {
        let mut tracker = BatchTracker::default();
        assert!(tracker.record(part(0, 0), "x"));
        assert!(tracker.progress()[0].is_complete());
        assert!(
            !tracker.record(part(1, 0), "y"),
            "index 1 of a batch of one"
        );
    }

    #[test]
    fn inconsistent_or_out_of_range_parts_are_refused() {
        let mut tracker = BatchTracker::default();
        assert!(!tracker.record(part(3, 3), "x"));
        assert!(!tracker.record(part(0, MAX_BATCH_SIZE + 1), "x"));
        assert!(tracker.record(part(0, 2), "x"));
        assert!(
            !tracker.record(part(1, 3), "x"),
            "size disagrees with the first part"
        );
        assert_eq!(tracker.progress()[0].missing, vec![1]);
    }
}
