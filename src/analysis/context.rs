//! The context of a move: the nearest event involving the actor that came
//! just before it (or that the move fell inside), within a window of days.
//! "1 day after: Trump–Putin summit in Alaska ends without a deal (15 Aug)":
//! the wording is [`crate::export::text::event_context`], shared by every
//! surface that shows a move.

use chrono::NaiveDate;

use crate::model::{ActorId, Event, PartialDate, Precision, Store};

/// How many days before a move an event may end and still be named beside
/// it, unless the analyst sets another window.
pub const EVENT_WINDOW_DAYS: i64 = 14;

/// How the move stands to the event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Timing {
    /// On the day of a one-day event.
    SameDay,
    /// Inside a multi-day event (talks over three days, a truce).
    During,
    /// Within the month (or year) an event is dated to, not to the day:
    /// the order of the two is not known.
    SamePeriod,
    /// After the event ended.
    After,
}

impl Timing {
    /// The word used in JSON: `same_day`, `during`, `same_period`, `after`.
    pub fn as_str(self) -> &'static str {
        match self {
            Timing::SameDay => "same_day",
            Timing::During => "during",
            Timing::SamePeriod => "same_period",
            Timing::After => "after",
        }
    }
}

/// The event named beside a move.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct EventLink {
    /// The event's index in `Store::events`.
    pub event: usize,
    /// The day of the move.
    pub moved: NaiveDate,
    /// Days from the event's last day to the move (0 when the move falls on
    /// or inside it).
    pub days: i64,
    /// How the move stands to the event.
    pub timing: Timing,
}

impl EventLink {
    /// The event in `store` (which must be the store the link was made from).
    pub fn event<'a>(&self, store: &'a Store) -> &'a Event {
        &store.events[self.event]
    }
}

/// The event named beside a move of `actor` dated `date`: among the events
/// involving the actor that began on or before the move's day and ended no
/// more than `window` days before it, the nearest (the fewest days from its
/// end to the move; on a tie, the one that began last, then the one listed
/// last). A move dated only to a month or a year names none (its distance
/// to an event is not known), nor does an event dated only to a year, nor
/// a negative window.
pub fn event_before(store: &Store, actor: &ActorId, date: PartialDate, window: i64) -> Option<EventLink> {
    if date.precision() != Precision::Day || window < 0 {
        return None;
    }
    let day = date.first_day();
    let mut best: Option<(EventLink, NaiveDate)> = None;
    for (i, e) in store.events.iter().enumerate() {
        if !e.involves(actor) || e.date.precision() == Precision::Year || e.first_day() > day {
            continue;
        }
        let days = (day - e.last_day()).num_days().max(0);
        if days > window {
            continue;
        }
        let timing = if e.date.precision() != Precision::Day {
            if days == 0 { Timing::SamePeriod } else { Timing::After }
        } else if days > 0 {
            Timing::After
        } else if e.is_span() {
            Timing::During
        } else {
            Timing::SameDay
        };
        let link = EventLink { event: i, moved: day, days, timing };
        let nearer = best.is_none_or(|(b, start)| {
            (days, std::cmp::Reverse(e.first_day())) <= (b.days, std::cmp::Reverse(start))
        });
        if nearer {
            best = Some((link, e.first_day()));
        }
    }
    best.map(|(l, _)| l)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{EventKind, Source};

    fn store(events: &[(&str, Option<&str>, &str)]) -> Store {
        let mut s = Store::default();
        for &(date, end, actor) in events {
            let mut e =
                Event::new(PartialDate::parse(date).unwrap(), date, EventKind::Talks, Source::default());
            e.end = end.map(|d| PartialDate::parse(d).unwrap());
            e.actors = vec![ActorId::from(actor)];
            s.events.push(e);
        }
        s
    }

    fn link(s: &Store, date: &str, window: i64) -> Option<(String, i64, Timing)> {
        event_before(s, &ActorId::from("a"), PartialDate::parse(date).unwrap(), window)
            .map(|l| (l.event(s).title.clone(), l.days, l.timing))
    }

    #[test]
    fn the_nearest_preceding_event_of_the_actor_within_the_window() {
        let s = store(&[
            ("2025-08-01", None, "a"),
            ("2025-08-10", None, "a"),
            ("2025-08-12", None, "b"),
            ("2025-08-20", None, "a"),
            ("2025-03-23", Some("2025-03-25"), "a"),
            ("2025-11", None, "a"),
            ("2024", None, "a"),
        ]);
        assert_eq!(link(&s, "2025-08-15", 14), Some(("2025-08-10".into(), 5, Timing::After)));
        assert_eq!(link(&s, "2025-08-10", 14), Some(("2025-08-10".into(), 0, Timing::SameDay)));
        assert_eq!(link(&s, "2025-08-15", 4), None);
        assert_eq!(link(&s, "2025-08-15", 5).map(|l| l.1), Some(5));
        assert_eq!(link(&s, "2025-03-24", 14), Some(("2025-03-23".into(), 0, Timing::During)));
        assert_eq!(link(&s, "2025-03-27", 14), Some(("2025-03-23".into(), 2, Timing::After)));
        assert_eq!(link(&s, "2025-11-05", 14), Some(("2025-11".into(), 0, Timing::SamePeriod)));
        assert_eq!(link(&s, "2025-12-03", 14), Some(("2025-11".into(), 3, Timing::After)));
        // A move dated to a month names none; nor does a year-dated event, nor a negative window.
        assert_eq!(link(&s, "2025-08", 14), None);
        assert_eq!(link(&s, "2024-06-01", 400), None);
        assert_eq!(link(&s, "2025-08-10", -1), None);
    }

    #[test]
    fn a_one_day_event_on_the_day_wins_over_a_span_the_move_falls_in() {
        let s = store(&[("2025-05-08", Some("2025-05-10"), "a"), ("2025-05-10", None, "a")]);
        assert_eq!(link(&s, "2025-05-10", 14), Some(("2025-05-10".into(), 0, Timing::SameDay)));
        assert_eq!(link(&s, "2025-05-09", 14), Some(("2025-05-08".into(), 0, Timing::During)));
    }
}
