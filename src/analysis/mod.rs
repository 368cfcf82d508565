//! Pure analysis over the model: the stance of an actor on a topic at a
//! date, the shifts between consecutive positions, the event each move
//! came just after, the actors × topics matrix, and the spread of a topic
//! across actors. No IO, no egui.

mod context;
mod filter;
mod matrix;
mod positions;
mod shifts;
mod spread;

pub use context::{EVENT_WINDOW_DAYS, EventLink, Timing, event_before};
pub use filter::Filter;
pub use matrix::{Cell, Matrix, STALE_DAYS, Step, matrix, steps};
pub use positions::{Point, Positions};
pub use shifts::{Direction, Shift, ShiftClass, classify};
pub use spread::{SpreadPoint, Trend, spread_at, spread_series, trend};

use chrono::NaiveDate;

use crate::model::Store;

/// The date of the latest statement in `store` (today if it is empty): the
/// default "as of" date.
pub fn latest_date(store: &Store) -> NaiveDate {
    store
        .statements
        .iter()
        .map(|s| s.date.first_day())
        .max()
        .unwrap_or_else(|| chrono::Utc::now().date_naive())
}
