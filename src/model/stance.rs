//! Stance: where a position stands against a topic's proposition, −2..=+2.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A stance on a topic's proposition: −2 rejects, −1 opposes, 0 ambiguous or
/// noncommittal, +1 supports with conditions, +2 supports.
///
/// [`Stance::new`] only builds values in range. A stance read from a file is
/// kept as written so that validation can report an out-of-range value with
/// its statement id; [`Stance::is_valid`] says whether it is in range.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Stance(i8);

/// A stance outside −2..=+2.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StanceError(pub i64);

impl fmt::Display for StanceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "stance {} is outside −2..=+2", self.0)
    }
}

impl std::error::Error for StanceError {}

impl Stance {
    /// The lowest stance: rejects the proposition.
    pub const MIN: Stance = Stance(-2);
    /// The highest stance: supports the proposition.
    pub const MAX: Stance = Stance(2);
    /// Every valid stance, lowest first.
    pub const ALL: [Stance; 5] = [Stance(-2), Stance(-1), Stance(0), Stance(1), Stance(2)];
    /// The generic names of the five points, lowest first.
    pub const DEFAULT_LABELS: [&'static str; 5] =
        ["rejects", "opposes", "ambiguous", "supports with conditions", "supports"];

    /// A stance, if `value` is in −2..=+2.
    pub fn new(value: i64) -> Result<Self, StanceError> {
        if (-2..=2).contains(&value) { Ok(Stance(value as i8)) } else { Err(StanceError(value)) }
    }

    /// The value, −2..=+2 for a valid stance.
    pub fn value(self) -> i8 {
        self.0
    }

    /// Whether the value is in −2..=+2 (always, unless read unchecked from a file).
    pub fn is_valid(self) -> bool {
        (-2..=2).contains(&self.0)
    }

    /// The index 0..=4 into a topic's five labels (clamped for invalid values).
    pub fn index(self) -> usize {
        (self.0.clamp(-2, 2) + 2) as usize
    }

    /// −1, 0 or +1: which side of the proposition the stance is on.
    pub fn side(self) -> i8 {
        self.0.signum()
    }

    /// Signed text: `+2`, `0`, `−1` (with a true minus sign).
    pub fn signed(self) -> String {
        match self.0 {
            v if v > 0 => format!("+{v}"),
            v if v < 0 => format!("−{}", -v),
            _ => "0".into(),
        }
    }
}

impl fmt::Display for Stance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range_is_enforced_by_new() {
        assert!(Stance::new(-3).is_err());
        assert!(Stance::new(3).is_err());
        for v in -2..=2 {
            assert_eq!(Stance::new(v).unwrap().value() as i64, v);
        }
        assert_eq!(Stance::new(7).unwrap_err().to_string(), "stance 7 is outside −2..=+2");
    }

    #[test]
    fn signed_text_and_side() {
        assert_eq!(Stance::new(2).unwrap().signed(), "+2");
        assert_eq!(Stance::new(-1).unwrap().signed(), "−1");
        assert_eq!(Stance::new(0).unwrap().side(), 0);
        assert_eq!(Stance::new(-2).unwrap().index(), 0);
    }
}
