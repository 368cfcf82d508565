//! The actors × topics matrix: each actor's stance on each topic as of a
//! date, and as of a comparison date.

use chrono::NaiveDate;

use super::positions::{Point, Positions};
use super::shifts::{Direction, ShiftClass, classify};

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
    /// to the "as of" date: what moved the cell.
    pub since_compare: Vec<usize>,
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
            let since_compare = match compare {
                Some(c) if c < as_of => positions
                    .series_at(a, t)
                    .iter()
                    .filter(|p| p.date.first_day() > c && p.date.first_day() <= as_of)
                    .map(|p| p.statement)
                    .collect(),
                _ => Vec::new(),
            };
            cells.push(Cell { actor: a, topic: t, now, before, since_compare });
        }
    }
    Matrix { as_of, compare, actors: actors.to_vec(), topics: topics.to_vec(), cells }
}
