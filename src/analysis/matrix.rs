//! The actors × topics matrix: each actor's stance on each topic as of a
//! date, and as of a comparison date.

use chrono::NaiveDate;

use super::positions::{Point, Positions};
use super::shifts::{Direction, ShiftClass, classify};
use crate::model::{PartialDate, Stance};

/// How many days old a stance may be before it is marked stale (the default;
/// the analyst sets their own).
pub const STALE_DAYS: i64 = 90;

/// One change of stance inside the window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Step {
    /// When it was said.
    pub date: PartialDate,
    /// The stance before it (none: the actor's first position on the topic).
    pub from: Option<Stance>,
    /// The stance it took.
    pub to: Stance,
    /// The statement's index in `Store::statements`.
    pub statement: usize,
}

/// One cell: an actor's stance on a topic now and at the comparison date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell {
    /// The actor's index in `Store::actors`.
    pub actor: usize,
    /// The topic's index in `Store::topics`.
    pub topic: usize,
    /// The latest position on or before the "as of" date.
    pub now: Option<Point>,
    /// The latest position on or before the comparison date.
    pub before: Option<Point>,
    /// The statements (indices) with positions after the comparison date up
    /// to the "as of" date.
    pub since_compare: Vec<usize>,
    /// Every change of stance after the comparison date up to the "as of"
    /// date, in order: the path, not the end points (−2 → −1 → −2 moved twice).
    pub moves: Vec<Step>,
}

impl Cell {
    /// How the stance moved since the comparison date, if it did.
    pub fn movement(&self) -> Option<(ShiftClass, Direction)> {
        let (Some(b), Some(n)) = (self.before, self.now) else { return None };
        let (class, dir) = classify(b.stance, n.stance);
        dir.map(|d| (class, d))
    }

    /// Whether the cell has a stance now but had none at the comparison date.
    pub fn is_new(&self) -> bool {
        self.now.is_some() && self.before.is_none()
    }

    /// Whether the stance changed at all in the window (even if it came back).
    pub fn moved(&self) -> bool {
        !self.moves.is_empty()
    }

    /// When the stance shown was said.
    pub fn last_said(&self) -> Option<PartialDate> {
        self.now.map(|p| p.date)
    }

    /// How many days before `as_of` the stance shown was said.
    pub fn age_days(&self, as_of: NaiveDate) -> Option<i64> {
        self.now.map(|p| (as_of - p.date.first_day()).num_days().max(0))
    }

    /// Whether the stance shown is older than `stale_days` at `as_of`.
    pub fn is_stale(&self, as_of: NaiveDate, stale_days: i64) -> bool {
        self.age_days(as_of).is_some_and(|d| d > stale_days)
    }
}

/// The changes of stance in `series` after `after` up to `as_of`, starting
/// from the stance held at `after`.
pub fn steps(series: &[Point], after: NaiveDate, as_of: NaiveDate) -> Vec<Step> {
    let mut prev = series.iter().rev().find(|p| p.date.first_day() <= after).map(|p| p.stance);
    let mut out = Vec::new();
    for p in series.iter().filter(|p| p.date.first_day() > after && p.date.first_day() <= as_of) {
        if prev != Some(p.stance) {
            out.push(Step { date: p.date, from: prev, to: p.stance, statement: p.statement });
            prev = Some(p.stance);
        }
    }
    out
}

/// Actors × topics as of a date, row-major (one row per actor).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Matrix {
    /// The date the stances are taken at.
    pub as_of: NaiveDate,
    /// The comparison date, if any.
    pub compare: Option<NaiveDate>,
    /// The rows: actor indices.
    pub actors: Vec<usize>,
    /// The columns: topic indices.
    pub topics: Vec<usize>,
    /// The cells, row-major.
    pub cells: Vec<Cell>,
}

impl Matrix {
    /// The cell at (row, column).
    pub fn cell(&self, row: usize, col: usize) -> &Cell {
        &self.cells[row * self.topics.len() + col]
    }
}

/// Builds the matrix for the given actors and topics (indices into the store).
pub fn matrix(
    positions: &Positions,
    actors: &[usize],
    topics: &[usize],
    as_of: NaiveDate,
    compare: Option<NaiveDate>,
) -> Matrix {
    let mut cells = Vec::with_capacity(actors.len() * topics.len());
    for &a in actors {
        for &t in topics {
            let now = positions.at_index(a, t, as_of).copied();
            let before = compare.and_then(|c| positions.at_index(a, t, c)).copied();
            let series = positions.series_at(a, t);
            let (since_compare, moves) = match compare {
                Some(c) if c < as_of => (
                    series
                        .iter()
                        .filter(|p| p.date.first_day() > c && p.date.first_day() <= as_of)
                        .map(|p| p.statement)
                        .collect(),
                    steps(series, c, as_of),
                ),
                _ => (Vec::new(), Vec::new()),
            };
            cells.push(Cell { actor: a, topic: t, now, before, since_compare, moves });
        }
    }
    Matrix { as_of, compare, actors: actors.to_vec(), topics: topics.to_vec(), cells }
}
