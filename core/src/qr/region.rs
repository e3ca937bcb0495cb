//! Where a code may be in a search level: regions around three (or two) of the finder patterns
//! the finder found, best first, each a rectangle the decoder tries.

use super::binarize::Level;
use super::decode::{FinderTriple, Rect};
use super::finder::Candidate;

/// Modules around the finder pattern centres (and the fourth corner) the region handed to the
/// decoder keeps: 3.5 to the code's edge, the rest for perspective and the quiet zone.
const CROP_MARGIN_MODULES: f32 = 20.0;

/// Finder patterns confirmed on at least this many rows count.
const MIN_HITS: u32 = 1;
/// Smallest module (level pixels) a finder pattern may have to count.
const MIN_MODULE_PX: f32 = 1.0;

/// Where a code may be: around three of its finder patterns, or two (see [`add_pair_regions`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Region {
    /// The rectangle of the level around the finder patterns and the code's fourth corner (a
    /// tilted code reaches beyond its finder patterns), widened by [`CROP_MARGIN_MODULES`].
    pub(crate) rect: Rect,
    /// The finder pattern centres, in level pixels (for a pair: the two and their midpoint).
    pub(crate) centres: [(f32, f32); 3],
    /// Their mean module size, in level pixels.
    pub(crate) module: f32,
    /// Rows that confirmed the patterns: real ones are seen on many rows, clutter that happens
    /// to look like one on few.
    hits: u32,
    /// How far the patterns are from a right isosceles triangle (see [`Triple::skew`]);
    /// infinite for a pair.
    skew: f32,
}

impl Region {
    /// The three finder patterns, in pixels of [`Region::rect`]; `None` for a pair region.
    pub(crate) fn triple(&self) -> Option<FinderTriple> {
        self.is_triple().then(|| FinderTriple {
            centres: self
                .centres
                .map(|(x, y)| (x - self.rect.x as f32, y - self.rect.y as f32)),
            module: self.module,
        })
    }

    /// True if its finder patterns were each confirmed, on average, on at least half the rows
    /// through their 3-module centres the finder scanned (every `row_step`-th): a code's
    /// patterns are, clutter's seldom.
    pub(crate) fn well_confirmed(&self, row_step: usize) -> bool {
        let patterns = if self.is_triple() { 3.0 } else { 2.0 };
        let rows_through_centres = patterns * 3.0 * self.module / row_step as f32;
        2.0 * self.hits as f32 >= rows_through_centres
    }

    /// Around three finder patterns, not a pair (whose skew is infinite).
    pub(crate) fn is_triple(&self) -> bool {
        self.skew.is_finite()
    }

    /// How likely the region holds a code: well confirmed patterns in the right shape (a
    /// stray candidate in a code's data often forms a triple with two of its real patterns).
    fn score(&self) -> f32 {
        self.hits as f32 / (1.0 + self.skew)
    }
}

/// Most candidates (the best confirmed) that triples are formed from.
const MAX_TRIPLE_CANDIDATES: usize = 24;

/// Regions to try in one search, best first: clutter can form many triples, and each costs a
/// decode.
const MAX_REGIONS: usize = 3;

/// The regions where three of the candidates form a code's finder patterns (see
/// [`code_triple`]), best first (see [`Region::score`]), at most [`MAX_REGIONS`], then pair
/// regions while there is room. Clears and fills `out`.
pub(crate) fn code_regions(candidates: &[Candidate], level: &Level, out: &mut Vec<Region>) {
    out.clear();
    let mut strong: Vec<&Candidate> = candidates
        .iter()
        // A pattern only ever seen squeezed (see `finder::PLAIN_SQUEEZE`) must be seen on
        // several rows: a real one slanted that far is big, seen on many; clutter on one.
        .filter(|c| {
            c.hits >= MIN_HITS
                && (!c.squeezed || c.seen_on_several_rows())
                && c.module >= MIN_MODULE_PX
        })
        .collect();
    // A dense code's data or a busy scene makes many weak candidates: the triples of all of
    // them would cost (n^3) more than they find. A code's own patterns are seen on many rows.
    if strong.len() > MAX_TRIPLE_CANDIDATES {
        crate::order::sort_by_u64(&mut strong, |c| !u64::from(c.hits));
        strong.truncate(MAX_TRIPLE_CANDIDATES);
    }
    let n = strong.len();
    for i in 0..n {
        for j in i + 1..n {
            for k in j + 1..n {
                let triple = [strong[i], strong[j], strong[k]];
                let Some(Triple {
                    fourth,
                    other_fourths,
                    skew,
                }) = code_triple(triple[0], triple[1], triple[2])
                else {
                    continue;
                };
                let module = triple.iter().map(|c| c.module).sum::<f32>() / 3.0;
                let corners = triple
                    .iter()
                    .map(|c| (c.x, c.y))
                    .chain([fourth])
                    .chain(other_fourths.into_iter().flatten());
                out.push(Region {
                    rect: bounding_rect(corners, module * CROP_MARGIN_MODULES, level),
                    centres: triple.map(|c| (c.x, c.y)),
                    module,
                    hits: triple.iter().map(|c| c.hits).sum(),
                    skew,
                });
            }
        }
    }
    // Best first (highest score), stably.
    crate::order::sort_by_u64(out, |r| !crate::order::f32_key(r.score()));
    out.truncate(MAX_REGIONS);
    if out.len() < MAX_REGIONS {
        add_pair_regions(&strong, level, out);
    }
}

/// Regions for codes of which only two finder patterns were found (blur can merge the third's
/// thin rings), from well-confirmed pairs of similar module size, best first, up to
/// [`MAX_REGIONS`] regions in all. Each covers both sides of the pair (the code may lie on
/// either) and the square the pair is the diagonal of.
fn add_pair_regions(strong: &[&Candidate], level: &Level, out: &mut Vec<Region>) {
    let confirmed: Vec<&&Candidate> = strong.iter().filter(|c| c.seen_on_several_rows()).collect();
    let mut pairs = Vec::new();
    for (i, p) in confirmed.iter().enumerate() {
        for q in &confirmed[i + 1..] {
            let module = (p.module + q.module) / 2.0;
            let (dx, dy) = (q.x - p.x, q.y - p.y);
            let side_modules = dx.hypot(dy) / module;
            if (p.module - q.module).abs() > 0.25 * module
                || !(10.0..=180.0 * std::f32::consts::SQRT_2).contains(&side_modules)
            {
                continue;
            }
            // Both squares with the pair as a side (the diagonal square lies inside them).
            let corners = [(p.x, p.y), (q.x, q.y)]
                .into_iter()
                .flat_map(|(x, y)| [(x, y), (x - dy, y + dx), (x + dy, y - dx)]);
            pairs.push(Region {
                rect: bounding_rect(corners, module * CROP_MARGIN_MODULES, level),
                centres: [(p.x, p.y), (q.x, q.y), (p.x + dx / 2.0, p.y + dy / 2.0)],
                module,
                hits: p.hits + q.hits,
                skew: f32::INFINITY,
            });
        }
    }
    // Most hits first, stably.
    crate::order::sort_by_u64(&mut pairs, |p| !u64::from(p.hits));
    out.extend(pairs.into_iter().take(MAX_REGIONS - out.len()));
}

/// The rectangle of `level` around `points`, widened by `margin` and clamped to the level.
fn bounding_rect(points: impl Iterator<Item = (f32, f32)>, margin: f32, level: &Level) -> Rect {
    let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
    for (x, y) in points {
        x0 = x0.min(x - margin);
        y0 = y0.min(y - margin);
        x1 = x1.max(x + margin);
        y1 = y1.max(y + margin);
    }
    let clamp = |v: f32, hi: usize| (v.max(0.0) as usize).min(hi);
    let (x0, y0) = (clamp(x0, level.width), clamp(y0, level.height));
    let (x1, y1) = (clamp(x1, level.width), clamp(y1, level.height));
    Rect {
        x: x0,
        y: y0,
        width: x1 - x0,
        height: y1 - y0,
    }
}

/// The three candidates as a code's finder patterns, or `None` if they cannot be. They must
/// have similar module sizes and form a right isosceles triangle (loosely: tilt skews it) with
/// legs between 10 (version 1 is 14) and 180 (version 40 is 170) modules.
fn code_triple(a: &Candidate, b: &Candidate, c: &Candidate) -> Option<Triple> {
    let module = (a.module + b.module + c.module) / 3.0;
    if [a, b, c]
        .iter()
        .any(|p| (p.module - module).abs() > 0.5 * module)
    {
        return None;
    }
    let centres = [a, b, c].map(|p| (p.x, p.y));
    let sides = sides_longest_first(centres);
    let [(hypotenuse, _), (leg2, _), (leg1, _)] = sides;
    let leg_modules = leg1.sqrt() / module;
    let is_code = leg2 <= leg1 * 4.0 // legs within 2x of each other
        && (10.0..=180.0).contains(&leg_modules)
        && (hypotenuse - (leg1 + leg2)).abs() <= 0.5 * (leg1 + leg2);
    if !is_code {
        return None;
    }
    let fourth = |corner: usize| {
        let [(x0, y0), (x1, y1), (x2, y2)] = centres;
        let (cx, cy) = centres[corner];
        (x0 + x1 + x2 - 2.0 * cx, y0 + y1 + y2 - 2.0 * cy)
    };
    let mut corners = corners_in_doubt(sides);
    Some(Triple {
        fourth: fourth(corners.next()?),
        other_fourths: [corners.next().map(fourth), corners.next().map(fourth)],
        skew: (leg2 / leg1 - 1.0) + (hypotenuse - (leg1 + leg2)).abs() / (leg1 + leg2),
    })
}

/// A side this close (squared) to the longest may be the hypotenuse too: a code tilted steeply
/// away from the camera makes the triangle of its finder patterns nearly equilateral.
const HYPOTENUSE_DOUBT: f32 = 0.64;

/// Which of three finder pattern centres may be the code's corner pattern, the one opposite
/// the hypotenuse: the one opposite the longest side first, then any opposite a side nearly as
/// long (see [`HYPOTENUSE_DOUBT`]), longest first.
pub(crate) fn corner_choices(centres: [(f32, f32); 3]) -> impl Iterator<Item = usize> {
    corners_in_doubt(sides_longest_first(centres))
}

/// [`corner_choices`] from the triangle's sides, as [`sides_longest_first`] gives them.
fn corners_in_doubt(sides: [(f32, usize); 3]) -> impl Iterator<Item = usize> {
    let longest = sides[0].0;
    sides
        .into_iter()
        .filter(move |&(side, _)| side >= HYPOTENUSE_DOUBT * longest)
        .map(|(_, corner)| corner)
}

/// The squared sides of the triangle of three centres, longest first (stably), each with the
/// index of the centre opposite it.
fn sides_longest_first(centres: [(f32, f32); 3]) -> [(f32, usize); 3] {
    let d2 = |i: usize, j: usize| {
        let ((xi, yi), (xj, yj)) = (centres[i], centres[j]);
        (xi - xj).powi(2) + (yi - yj).powi(2)
    };
    let mut sides = [(d2(1, 2), 0), (d2(0, 2), 1), (d2(0, 1), 2)];
    // An insertion sort: three sides need no sort routine.
    for i in 1..sides.len() {
        let mut j = i;
        while j > 0 && sides[j].0.total_cmp(&sides[j - 1].0).is_gt() {
            sides.swap(j, j - 1);
            j -= 1;
        }
    }
    sides
}

/// Three candidates that could be one code's finder patterns.
#[derive(Debug, PartialEq)]
struct Triple {
    /// The code's fourth corner: the point opposite the corner pattern.
    fourth: (f32, f32),
    /// The fourth corner if another pattern is the corner one (see [`corner_choices`]).
    other_fourths: [Option<(f32, f32)>; 2],
    /// How far the triangle is from right and isosceles (0 when it is: an upright code seen
    /// square on).
    skew: f32,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidate(x: f32, y: f32, hits: u32) -> Candidate {
        Candidate {
            x,
            y,
            module: 2.0,
            hits,
            squeezed: false,
        }
    }

    fn level(width: usize, height: usize) -> Level {
        let mut level = Level::default();
        (level.width, level.height, level.factor) = (width, height, 1);
        level
    }

    #[test]
    fn a_triple_gives_the_fourth_corner_of_a_tilted_code() {
        // A 45-degree code: corner pattern at the top, the others left and right of it.
        let (top, left, right) = (
            candidate(100.0, 40.0, 2),
            candidate(60.0, 80.0, 2),
            candidate(140.0, 80.0, 2),
        );
        let triple = code_triple(&left, &top, &right).unwrap();
        assert_eq!(triple.fourth, (100.0, 120.0));
        assert_eq!(triple.skew, 0.0);
        // Three patterns in a row are no code.
        let line = candidate(180.0, 80.0, 2);
        assert_eq!(code_triple(&left, &right, &line), None);
        // A skewed triangle still counts, with its skew.
        let skewed = code_triple(&left, &candidate(104.0, 40.0, 2), &right).unwrap();
        assert!(skewed.skew > 0.05, "{skewed:?}");
        let mut regions = Vec::new();
        code_regions(&[top, left, right], &level(400, 300), &mut regions);
        // The triple first, then two of its pairs (in case the third pattern is a stray).
        assert_eq!(regions.len(), MAX_REGIONS);
        assert_eq!(regions[0].hits, 6);
        // 20 modules of 2 pixels around (60..140, 40..120), cut at the level's top.
        assert_eq!(
            regions[0].rect,
            Rect {
                x: 20,
                y: 0,
                width: 160,
                height: 160
            }
        );
    }

    /// Three finder patterns of 2-pixel modules, each seen on `hits` rows, with their right
    /// angle at (100, 100).
    fn right_angle(hits: u32) -> [Candidate; 3] {
        [
            candidate(100.0, 60.0, hits),
            candidate(60.0, 100.0, hits),
            candidate(100.0, 100.0, hits),
        ]
    }

    #[test]
    fn a_region_is_well_confirmed_when_its_patterns_were_seen_on_half_their_centre_rows() {
        // Patterns of 2-pixel modules: 6 rows through each centre, 18 for three, every row.
        let triple_region = |hits| {
            let mut regions = Vec::new();
            code_regions(&right_angle(hits), &level(400, 300), &mut regions);
            regions[0]
        };
        assert!(!triple_region(2).well_confirmed(1));
        assert!(triple_region(3).well_confirmed(1));
        // Every other row scanned: half as many rows to see them on.
        assert!(triple_region(2).well_confirmed(2));
        // A pair: 12 rows through its two centres.
        let pair_region = |hits| {
            let mut regions = Vec::new();
            let pair = [candidate(100.0, 60.0, hits), candidate(60.0, 100.0, hits)];
            code_regions(&pair, &level(400, 300), &mut regions);
            regions[0]
        };
        assert!(pair_region(3).triple().is_none());
        assert!(pair_region(3).well_confirmed(1));
        assert!(!pair_region(2).well_confirmed(1));
    }

    #[test]
    fn a_pattern_only_seen_squeezed_counts_when_seen_on_two_rows() {
        let [top, left, right] = right_angle(2);
        let squeezed = |hits| Candidate {
            hits,
            squeezed: true,
            ..left
        };
        let mut regions = Vec::new();
        code_regions(&[top, squeezed(1), right], &level(400, 300), &mut regions);
        assert!(regions.iter().all(|r| r.triple().is_none()), "{regions:?}");
        code_regions(&[top, squeezed(2), right], &level(400, 300), &mut regions);
        assert!(regions[0].triple().is_some(), "{regions:?}");
    }

    #[test]
    fn a_nearly_equilateral_triple_covers_the_fourth_corner_of_each_choice() {
        // A code tilted steeply away: which pattern is the corner one is in doubt.
        let (a, b, c) = (
            candidate(200.0, 200.0, 2),
            candidate(300.0, 210.0, 2),
            candidate(245.0, 285.0, 2),
        );
        let triple = code_triple(&a, &b, &c).unwrap();
        // Opposite the longest side (a-b) first, then opposite a-c, then b-c.
        assert_eq!(triple.fourth, (255.0, 125.0));
        assert_eq!(
            triple.other_fourths,
            [Some((145.0, 275.0)), Some((345.0, 295.0))]
        );
        let mut regions = Vec::new();
        code_regions(&[a, b, c], &level(1000, 1000), &mut regions);
        // 20 modules of 2 pixels around all six points (145..345, 125..295).
        assert_eq!(
            regions[0].rect,
            Rect {
                x: 105,
                y: 85,
                width: 280,
                height: 250
            }
        );
    }

    #[test]
    fn better_confirmed_triples_come_first_and_only_a_few_are_tried() {
        let mut candidates = Vec::new();
        // Five codes, too far apart (over 180 modules) to mix.
        for (i, hits) in [1, 5, 2, 3, 1].into_iter().enumerate() {
            let x = 500.0 * i as f32;
            candidates.extend([
                candidate(x, 0.0, hits),
                candidate(x + 60.0, 0.0, hits),
                candidate(x, 60.0, hits),
            ]);
        }
        let mut regions = Vec::new();
        code_regions(&candidates, &level(2600, 200), &mut regions);
        let hits: Vec<u32> = regions.iter().map(|r| r.hits).collect();
        assert_eq!(hits, [15, 9, 6]);
    }

    #[test]
    fn with_many_candidates_only_the_best_confirmed_form_triples() {
        // 24 well-confirmed candidates too far apart to pair (300 modules), and three
        // seen once that would make a perfect code.
        let mut candidates: Vec<Candidate> = (0..MAX_TRIPLE_CANDIDATES)
            .map(|i| candidate(600.0 * i as f32, 1000.0, 5))
            .collect();
        let weak = [
            candidate(0.0, 0.0, 1),
            candidate(60.0, 0.0, 1),
            candidate(0.0, 60.0, 1),
        ];
        let mut regions = Vec::new();
        code_regions(&weak, &level(15_000, 2000), &mut regions);
        assert_eq!(regions.len(), 1, "alone, the weak triple is a region");
        candidates.extend(weak);
        code_regions(&candidates, &level(15_000, 2000), &mut regions);
        assert!(regions.is_empty(), "{regions:?}");
    }

    #[test]
    fn two_confirmed_patterns_give_a_region_on_both_sides_of_them() {
        let (a, b) = (candidate(100.0, 100.0, 2), candidate(140.0, 100.0, 3));
        let mut regions = Vec::new();
        code_regions(&[a, b], &level(400, 300), &mut regions);
        assert_eq!(regions.len(), 1);
        // 40 pixels above and below the pair, plus 40 of margin.
        assert_eq!(
            regions[0].rect,
            Rect {
                x: 60,
                y: 20,
                width: 120,
                height: 160
            }
        );
        // A pattern seen on one row only is too weak to pair.
        code_regions(
            &[a, candidate(140.0, 100.0, 1)],
            &level(400, 300),
            &mut regions,
        );
        assert!(regions.is_empty());
    }
}
