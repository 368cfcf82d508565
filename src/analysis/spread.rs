//! Spread: how far apart the actors stand on a topic (max − min of their
//! stances), and whether they converge or diverge over time.

use chrono::NaiveDate;

use super::positions::Positions;

/// The actors' stances on one topic at one date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SpreadPoint {
    /// The date.
    pub date: NaiveDate,
    /// The lowest stance among the actors with one.
    pub min: i8,
    /// The highest stance.
    pub max: i8,
    /// How many actors have a stance.
    pub actors: usize,
}

impl SpreadPoint {
    /// max − min: 0 when all agree, 4 at most.
    pub fn spread(&self) -> i8 {
        self.max - self.min
    }
}

/// The spread of topic `t` across `actors` (indices) at `date`; `None` if
/// fewer than two actors have a stance.
pub fn spread_at(positions: &Positions, t: usize, actors: &[usize], date: NaiveDate) -> Option<SpreadPoint> {
    let values: Vec<i8> =
        actors.iter().filter_map(|&a| positions.at_index(a, t, date)).map(|p| p.stance.value()).collect();
    if values.len() < 2 {
        return None;
    }
    Some(SpreadPoint { date, min: *values.iter().min()?, max: *values.iter().max()?, actors: values.len() })
}

/// The spread of topic `t` at every date on which one of `actors` took a
/// position, oldest first (a step function: it holds until the next point).
pub fn spread_series(positions: &Positions, t: usize, actors: &[usize]) -> Vec<SpreadPoint> {
    let mut dates: Vec<NaiveDate> =
        actors.iter().flat_map(|&a| positions.series_at(a, t).iter().map(|p| p.date.first_day())).collect();
    dates.sort_unstable();
    dates.dedup();
    dates.into_iter().filter_map(|d| spread_at(positions, t, actors, d)).collect()
}

/// Whether the actors moved closer together or further apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trend {
    /// The spread fell.
    Converging,
    /// The spread rose.
    Diverging,
    /// The spread is the same.
    Steady,
}

impl Trend {
    /// The word shown to the analyst.
    pub fn as_str(self) -> &'static str {
        match self {
            Trend::Converging => "converging",
            Trend::Diverging => "diverging",
            Trend::Steady => "steady",
        }
    }
}

/// The trend of topic `t` across `actors` between two dates, when both have a spread.
pub fn trend(
    positions: &Positions,
    t: usize,
    actors: &[usize],
    from: NaiveDate,
    to: NaiveDate,
) -> Option<Trend> {
    let a = spread_at(positions, t, actors, from)?.spread();
    let b = spread_at(positions, t, actors, to)?.spread();
    Some(match b.cmp(&a) {
        std::cmp::Ordering::Less => Trend::Converging,
        std::cmp::Ordering::Greater => Trend::Diverging,
        std::cmp::Ordering::Equal => Trend::Steady,
    })
}
