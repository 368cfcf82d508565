//! Shifts: how a position moved between two consecutive statements of one
//! actor on one topic.

use chrono::NaiveDate;
use serde::Serialize;

use super::positions::{Point, Positions};
use crate::model::{PartialDate, Stance, Store};

/// How far a position moved, after PolitiFact's Flip-O-Meter on an explicit scale.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum ShiftClass {
    /// The same value (no flip).
    Holds,
    /// Moved one or more points, without crossing zero (half flip).
    Shift,
    /// Crossed from one side of zero to the other (full flop).
    Reversal,
}

impl ShiftClass {
    /// The word used in JSON and the UI.
    pub fn as_str(self) -> &'static str {
        match self {
            ShiftClass::Holds => "holds",
            ShiftClass::Shift => "shift",
            ShiftClass::Reversal => "reversal",
        }
    }
}

/// Which way a position moved relative to the topic's proposition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// The stance rose: closer to supporting the proposition.
    Toward,
    /// The stance fell: further from it.
    Away,
}

impl Direction {
    /// The word used in JSON and the UI.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Toward => "toward",
            Direction::Away => "away",
        }
    }
}

/// Classifies the move from `from` to `to`; `None` direction when it holds.
pub fn classify(from: Stance, to: Stance) -> (ShiftClass, Option<Direction>) {
    let direction = match to.value().cmp(&from.value()) {
        std::cmp::Ordering::Greater => Some(Direction::Toward),
        std::cmp::Ordering::Less => Some(Direction::Away),
        std::cmp::Ordering::Equal => None,
    };
    let class = if direction.is_none() {
        ShiftClass::Holds
    } else if from.side() * to.side() < 0 {
        ShiftClass::Reversal
    } else {
        ShiftClass::Shift
    };
    (class, direction)
}

/// A change between two consecutive positions of one actor on one topic.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shift {
    /// The actor's index in `Store::actors`.
    pub actor: usize,
    /// The topic's index in `Store::topics`.
    pub topic: usize,
    /// When the later position was taken.
    pub date: PartialDate,
    /// The earlier stance.
    pub from: Stance,
    /// The later stance.
    pub to: Stance,
    /// Shift or reversal.
    pub class: ShiftClass,
    /// Toward or away from the proposition.
    pub direction: Direction,
    /// The earlier statement's index in `Store::statements`.
    pub from_statement: usize,
    /// The later statement's index in `Store::statements`.
    pub to_statement: usize,
}

impl Shift {
    fn between(actor: usize, topic: usize, a: &Point, b: &Point) -> Option<Shift> {
        let (class, direction) = classify(a.stance, b.stance);
        Some(Shift {
            actor,
            topic,
            date: b.date,
            from: a.stance,
            to: b.stance,
            class,
            direction: direction?,
            from_statement: a.statement,
            to_statement: b.statement,
        })
    }
}

impl Positions {
    /// Every shift (positions that held are left out) whose later position
    /// falls in `since..=until` (either bound optional), newest first; ties by
    /// actor and topic order in the store.
    pub fn shifts(&self, store: &Store, since: Option<NaiveDate>, until: Option<NaiveDate>) -> Vec<Shift> {
        let mut out = Vec::new();
        for (a, t) in self.pairs() {
            for w in self.series_at(a, t).windows(2) {
                let day = w[1].date.first_day();
                if since.is_some_and(|d| day < d) || until.is_some_and(|d| day > d) {
                    continue;
                }
                if let Some(s) = Shift::between(a, t, &w[0], &w[1]) {
                    out.push(s);
                }
            }
        }
        out.sort_by(|x, y| {
            (y.date, store.statements[y.to_statement].id)
                .cmp(&(x.date, store.statements[x.to_statement].id))
                .then(x.actor.cmp(&y.actor))
                .then(x.topic.cmp(&y.topic))
        });
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: i64) -> Stance {
        Stance::new(v).unwrap()
    }

    #[test]
    fn classification_follows_the_flip_o_meter() {
        assert_eq!(classify(s(2), s(2)), (ShiftClass::Holds, None));
        assert_eq!(classify(s(2), s(-1)), (ShiftClass::Reversal, Some(Direction::Away)));
        assert_eq!(classify(s(-1), s(2)), (ShiftClass::Reversal, Some(Direction::Toward)));
        assert_eq!(classify(s(2), s(1)), (ShiftClass::Shift, Some(Direction::Away)));
        assert_eq!(classify(s(-2), s(-1)), (ShiftClass::Shift, Some(Direction::Toward)));
        // Zero is on neither side: moving to or from it is a shift, not a reversal.
        assert_eq!(classify(s(0), s(2)), (ShiftClass::Shift, Some(Direction::Toward)));
        assert_eq!(classify(s(1), s(0)), (ShiftClass::Shift, Some(Direction::Away)));
        assert_eq!(classify(s(1), s(-1)), (ShiftClass::Reversal, Some(Direction::Away)));
    }
}
