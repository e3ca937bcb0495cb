//! A fast search for QR finder patterns (the three nested squares in the corners), used to
//! skip frames without a code and to crop the region handed to rqrr.
//!
//! Rows are scanned for dark-light-dark-light-dark runs in the ratio 1:1:3:1:1, and each hit is
//! confirmed by the same ratio down its centre column, as in ZXing's finder. This costs one pass
//! over the binarised pixels, far less than rqrr's flood fills over a whole frame.

/// A confirmed finder pattern centre.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Candidate {
    /// Centre column.
    pub x: f32,
    /// Centre row.
    pub y: f32,
    /// Estimated module size in pixels.
    pub module: f32,
    /// Rows that confirmed it.
    pub hits: u32,
}

/// True if five run lengths are in the ratio 1:1:3:1:1, within half a module for each.
fn is_finder_ratio(runs: &[usize; 5]) -> bool {
    let total: usize = runs.iter().sum();
    if total < 7 {
        return false;
    }
    let module = total as f32 / 7.0;
    let tolerance = module * 0.6;
    (module - runs[0] as f32).abs() < tolerance
        && (module - runs[1] as f32).abs() < tolerance
        && (3.0 * module - runs[2] as f32).abs() < 3.0 * tolerance
        && (module - runs[3] as f32).abs() < tolerance
        && (module - runs[4] as f32).abs() < tolerance
}

/// Run lengths up and down column `x` from row `y` (which must be dark): the 1:1:3:1:1 runs
/// there and the centre row, or `None` if the column does not show them. Reads at most
/// `max_run` pixels per run.
fn vertical_runs(
    bits: &[u8],
    width: usize,
    height: usize,
    x: usize,
    y: usize,
    dark: u8,
    max_run: usize,
) -> Option<([usize; 5], usize)> {
    let at = |y: usize| bits[y * width + x];
    let mut runs = [0usize; 5];
    let mut top = y;
    // Upwards: centre run, light ring, dark ring.
    let mut row = y as isize;
    for (index, color) in [(2usize, dark), (1, 1 - dark), (0, dark)] {
        while row >= 0 && at(row as usize) == color && runs[index] <= max_run {
            runs[index] += 1;
            row -= 1;
        }
        if runs[index] == 0 || runs[index] > max_run {
            return None;
        }
        if index == 2 {
            top = (row + 1) as usize;
        }
    }
    // Downwards from just below the centre row.
    let mut row = y + 1;
    for (index, color) in [(2usize, dark), (3, 1 - dark), (4, dark)] {
        while row < height && at(row) == color && runs[index] <= max_run * 3 {
            runs[index] += 1;
            row += 1;
        }
        if (index != 2 && runs[index] == 0) || runs[index] > max_run * 3 {
            return None;
        }
    }
    Some((runs, top + runs[2] / 2))
}

/// Finder pattern centres in `bits` where modules are `dark` (1 for normal codes, 0 for
/// inverted ones), scanning every `row_step`-th row. Clears and fills `out`.
pub(crate) fn find(
    bits: &[u8],
    width: usize,
    height: usize,
    dark: u8,
    row_step: usize,
    out: &mut Vec<Candidate>,
) {
    out.clear();
    let mut y = row_step / 2;
    while y < height {
        let row = &bits[y * width..(y + 1) * width];
        // The last five runs, oldest first, and where the newest one started.
        let mut runs = [0usize; 5];
        let mut colors = [0u8; 5];
        let mut current = row[0];
        let mut length = 0usize;
        for x in 0..=width {
            // A virtual pixel of the other colour past the end closes the last run.
            let pixel = row.get(x).copied().unwrap_or(1 - current);
            if pixel == current {
                length += 1;
                continue;
            }
            runs.rotate_left(1);
            colors.rotate_left(1);
            runs[4] = length;
            colors[4] = current;
            if colors[0] == dark
                && colors[4] == dark
                && runs.iter().all(|&r| r > 0)
                && is_finder_ratio(&runs)
            {
                let end = x; // one past the last dark pixel
                let centre_x = end - runs[4] - runs[3] - runs[2] + runs[2] / 2;
                let total: usize = runs.iter().sum();
                if let Some((vertical, centre_y)) =
                    vertical_runs(bits, width, height, centre_x, y, dark, total)
                {
                    let vertical_total: usize = vertical.iter().sum();
                    // Both directions must agree on the pattern's size (tilt changes it a little).
                    if is_finder_ratio(&vertical) && 5 * vertical_total.abs_diff(total) < 2 * total
                    {
                        let module = (total + vertical_total) as f32 / 14.0;
                        add(out, centre_x as f32, centre_y as f32, module);
                    }
                }
            }
            current = pixel;
            length = 1;
        }
        y += row_step;
    }
}

/// Merges a hit into a nearby candidate of similar size, or adds it.
fn add(out: &mut Vec<Candidate>, x: f32, y: f32, module: f32) {
    for c in out.iter_mut() {
        let near = (c.x - x).abs() <= c.module * 2.0 && (c.y - y).abs() <= c.module * 2.0;
        if near && (c.module - module).abs() <= c.module * 0.5 + 0.5 {
            let n = c.hits as f32;
            c.x = (c.x * n + x) / (n + 1.0);
            c.y = (c.y * n + y) / (n + 1.0);
            c.module = (c.module * n + module) / (n + 1.0);
            c.hits += 1;
            return;
        }
    }
    // A frame full of clutter must not make this loop quadratic without bound.
    if out.len() < 64 {
        out.push(Candidate {
            x,
            y,
            module,
            hits: 1,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 7x7 finder pattern drawn at `scale` pixels per module, with a 2-module white margin.
    fn finder_image(scale: usize) -> (Vec<u8>, usize) {
        let side = 11 * scale;
        let mut bits = vec![0u8; side * side];
        for y in 0..side {
            for x in 0..side {
                let (mx, my) = ((x / scale) as isize - 2, (y / scale) as isize - 2);
                if !(0..7).contains(&mx) || !(0..7).contains(&my) {
                    continue;
                }
                let ring = mx.min(my).min(6 - mx).min(6 - my);
                bits[y * side + x] = u8::from(ring != 1);
            }
        }
        (bits, side)
    }

    #[test]
    fn finds_the_centre_of_a_finder_pattern() {
        let (bits, side) = finder_image(4);
        let mut found = Vec::new();
        find(&bits, side, side, 1, 1, &mut found);
        assert_eq!(found.len(), 1, "{found:?}");
        let c = found[0];
        assert!(
            (c.x - 22.0).abs() <= 1.5 && (c.y - 22.0).abs() <= 1.5,
            "{c:?}"
        );
        assert!((c.module - 4.0).abs() < 0.5, "{c:?}");
    }

    #[test]
    fn the_inverted_pattern_is_found_only_with_the_inverted_polarity() {
        let (mut bits, side) = finder_image(3);
        bits.iter_mut().for_each(|b| *b = 1 - *b);
        let mut found = Vec::new();
        find(&bits, side, side, 1, 1, &mut found);
        assert!(found.is_empty(), "{found:?}");
        find(&bits, side, side, 0, 1, &mut found);
        assert_eq!(found.len(), 1);
    }

    #[test]
    fn stripes_are_not_a_finder_pattern() {
        let side = 60;
        let bits: Vec<u8> = (0..side * side)
            .map(|i| u8::from((i % side) / 3 % 2 == 0))
            .collect();
        let mut found = Vec::new();
        find(&bits, side, side, 1, 1, &mut found);
        assert!(found.is_empty(), "{found:?}");
    }
}
