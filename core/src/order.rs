//! Stable sorting with one copy of the sort in the library.
//!
//! Each `sort_by` and `sort_by_key` call site with its own element type or key compiles to its
//! own copy of the standard library's stable sort, about 4.5 KB each in the apps' library.
//! [`sort_by_u64`] sorts the (key, position) pairs instead, the same type everywhere, and moves
//! the items into that order: the result of a stable sort, from one shared sort.

/// Sorts `items` by `key`, ascending and stable: items with equal keys keep their order, as
/// with `sort_by_key`.
pub(crate) fn sort_by_u64<T>(items: &mut Vec<T>, key: impl Fn(&T) -> u64) {
    let order = sorted_positions(items.iter().map(key).collect());
    // `items` keeps its buffer (a scanner's vectors are reused frame after frame).
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(
        order
            .into_iter()
            .filter_map(|position| slots.get_mut(position).and_then(Option::take)),
    );
}

/// The positions of `keys` in ascending order of key, equal keys by position: the pairs are
/// distinct, so the unstable sort gives the one stable order. Not generic: one copy.
fn sorted_positions(keys: Vec<u64>) -> Vec<usize> {
    let mut pairs: Vec<(u64, usize)> = keys.into_iter().zip(0..).collect();
    pairs.sort_unstable();
    pairs.into_iter().map(|(_, position)| position).collect()
}

/// A `u64` that orders as `f32::total_cmp` orders the floats.
pub(crate) fn f32_key(value: f32) -> u64 {
    let bits = value.to_bits();
    // Negative floats order backwards by their bits, and below every positive one (whose sign
    // bit is 0, so adding 2^31 lifts it above every negative key).
    if bits >> 31 == 1 {
        u64::from(!bits)
    } else {
        u64::from(bits) + (1 << 31)
    }
}

/// A `u64` that orders as the `i64`s do.
pub(crate) fn i64_key(value: i64) -> u64 {
    (value as u64) ^ (1 << 63)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_order_is_that_of_a_stable_sort() {
        let mut items: Vec<(u64, char)> = (0..200u64)
            .map(|i| ((i * 7919) % 13, char::from(b'a' + (i % 26) as u8)))
            .collect();
        let mut expected = items.clone();
        expected.sort_by_key(|item| item.0);
        sort_by_u64(&mut items, |item| item.0);
        assert_eq!(items, expected);
        let capacity = items.capacity();
        sort_by_u64(&mut items, |item| u64::from(item.1));
        expected.sort_by_key(|item| item.1);
        assert_eq!(items, expected);
        assert_eq!(items.capacity(), capacity, "the buffer is kept");
        let mut none: Vec<u8> = Vec::new();
        sort_by_u64(&mut none, |&b| u64::from(b));
        assert!(none.is_empty());
    }

    #[test]
    fn float_keys_order_as_total_cmp() {
        let floats = [
            f32::NEG_INFINITY,
            -3.5,
            -1e-30,
            -0.0,
            0.0,
            1e-30,
            2.0,
            f32::INFINITY,
            f32::NAN,
            -f32::NAN,
            f32::MIN,
            f32::MAX,
        ];
        for a in floats {
            for b in floats {
                assert_eq!(f32_key(a).cmp(&f32_key(b)), a.total_cmp(&b), "{a} {b}");
            }
        }
    }

    #[test]
    fn integer_keys_order_as_i64() {
        let ints = [i64::MIN, -5, -1, 0, 1, 7, i64::MAX];
        for a in ints {
            for b in ints {
                assert_eq!(i64_key(a).cmp(&i64_key(b)), a.cmp(&b), "{a} {b}");
            }
        }
    }
}
