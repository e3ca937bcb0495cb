//! Test support for the stable names of core's enums (JSON, the FFI's reasons and the apps'
//! string keys are keyed by them): a table's test lists one value of every variant with the name
//! it must keep.

use std::collections::HashSet;
use std::mem::discriminant;

/// Checks that each value is named as listed and that the list covers all `count` variants.
pub(crate) fn assert_names<T>(
    cases: &[(T, &str)],
    name: impl Fn(&T) -> &'static str,
    count: usize,
) {
    for (value, want) in cases {
        assert_eq!(name(value), *want);
    }
    let variants: HashSet<_> = cases.iter().map(|(value, _)| discriminant(value)).collect();
    assert_eq!(variants.len(), count, "every variant is listed");
}
