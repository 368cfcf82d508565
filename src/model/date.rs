//! Dates with a precision (day, month or year) and millisecond timestamps.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Datelike, NaiveDate, SubsecRound, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// How precisely a date is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    /// Only the year ("in 2022").
    Year,
    /// The month ("in September 2022", "last summer").
    Month,
    /// The day ("on Wednesday").
    Day,
}

impl Precision {
    /// The word used in JSON and the UI: `day`, `month`, `year`.
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Year => "year",
            Precision::Month => "month",
            Precision::Day => "day",
        }
    }
}

/// A date known to a day, a month or a year. Sorting uses its first day
/// (`2025-03` sorts as 1 March 2025), then the precision (year before month
/// before day), so the order is total.
///
/// Written as ISO text: `2025-03-13`, `2025-03` or `2025`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    first: NaiveDate,
    precision: Precision,
}

/// Why a text is not a date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateError(pub String);

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DateError {}

impl PartialDate {
    /// A date known to the day.
    pub fn day(date: NaiveDate) -> Self {
        Self { first: date, precision: Precision::Day }
    }

    /// A date known to the month.
    pub fn month(year: i32, month: u32) -> Option<Self> {
        NaiveDate::from_ymd_opt(year, month, 1).map(|first| Self { first, precision: Precision::Month })
    }

    /// A date known to the year.
    pub fn year(year: i32) -> Option<Self> {
        NaiveDate::from_ymd_opt(year, 1, 1).map(|first| Self { first, precision: Precision::Year })
    }

    /// A date known to the day, from its parts.
    pub fn ymd(year: i32, month: u32, day: u32) -> Option<Self> {
        NaiveDate::from_ymd_opt(year, month, day).map(Self::day)
    }

    /// The same span as `date` widened to `precision` (a day in March at
    /// month precision is `2025-03`). Never narrows.
    pub fn with_precision(date: NaiveDate, precision: Precision) -> Self {
        match precision {
            Precision::Day => Self::day(date),
            Precision::Month => Self::month(date.year(), date.month()).expect("valid month"),
            Precision::Year => Self::year(date.year()).expect("valid year"),
        }
    }

    /// The first day of the span: what sorting and "as of" comparisons use.
    pub fn first_day(self) -> NaiveDate {
        self.first
    }

    /// The last day of the span.
    pub fn last_day(self) -> NaiveDate {
        match self.precision {
            Precision::Day => self.first,
            Precision::Month => {
                let (y, m) = if self.first.month() == 12 {
                    (self.first.year() + 1, 1)
                } else {
                    (self.first.year(), self.first.month() + 1)
                };
                NaiveDate::from_ymd_opt(y, m, 1).and_then(|d| d.pred_opt()).unwrap_or(NaiveDate::MAX)
            }
            Precision::Year => NaiveDate::from_ymd_opt(self.first.year(), 12, 31).unwrap_or(NaiveDate::MAX),
        }
    }

    /// How precisely the date is known.
    pub fn precision(self) -> Precision {
        self.precision
    }

    /// As an analyst writes it: "13 Mar 2025", "Mar 2025", "2025".
    pub fn short(self) -> String {
        const MONTHS: [&str; 12] =
            ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
        let f = self.first;
        let m = MONTHS[f.month0() as usize];
        match self.precision {
            Precision::Day => format!("{} {m} {}", f.day(), f.year()),
            Precision::Month => format!("{m} {}", f.year()),
            Precision::Year => format!("{}", f.year()),
        }
    }

    /// Parses `2025-03-13`, `2025-03` or `2025` (surrounding spaces ignored).
    pub fn parse(text: &str) -> Result<Self, DateError> {
        let t = text.trim();
        let bad = || {
            DateError(format!(
                "`{text}` is not a date: write YYYY-MM-DD, YYYY-MM or YYYY (for example 2025-03-13)"
            ))
        };
        let parts: Vec<&str> = t.split('-').collect();
        let num = |s: &str, len: usize| -> Result<u32, DateError> {
            if s.len() == len && s.bytes().all(|b| b.is_ascii_digit()) {
                s.parse().map_err(|_| bad())
            } else {
                Err(bad())
            }
        };
        match parts.as_slice() {
            [y] => {
                let y = num(y, 4)?;
                Self::year(y as i32).ok_or_else(bad)
            }
            [y, m] => {
                let (y, m) = (num(y, 4)?, num(m, 2)?);
                Self::month(y as i32, m)
                    .ok_or_else(|| DateError(format!("`{text}` is not a date: there is no month {m}")))
            }
            [y, m, d] => {
                let (y, m, d) = (num(y, 4)?, num(m, 2)?, num(d, 2)?);
                Self::ymd(y as i32, m, d)
                    .ok_or_else(|| DateError(format!("`{text}` is not a date: {y:04}-{m:02} has no day {d}")))
            }
            _ => Err(bad()),
        }
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.first;
        match self.precision {
            Precision::Day => write!(f, "{:04}-{:02}-{:02}", d.year(), d.month(), d.day()),
            Precision::Month => write!(f, "{:04}-{:02}", d.year(), d.month()),
            Precision::Year => write!(f, "{:04}", d.year()),
        }
    }
}

impl FromStr for PartialDate {
    type Err = DateError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = std::borrow::Cow::<str>::deserialize(d)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// A moment in UTC, kept to the millisecond, written as RFC 3339
/// (`2025-03-13T09:30:00.000Z`). Used for `recorded_at` and `updated_at`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(DateTime<Utc>);

impl Timestamp {
    /// Now, truncated to the millisecond.
    pub fn now() -> Self {
        Self::from_datetime(Utc::now())
    }

    /// A timestamp from a UTC time, truncated to the millisecond.
    pub fn from_datetime(t: DateTime<Utc>) -> Self {
        Self(t.trunc_subsecs(3))
    }

    /// Milliseconds since the Unix epoch.
    pub fn from_millis(ms: i64) -> Option<Self> {
        DateTime::from_timestamp_millis(ms).map(Self)
    }

    /// Milliseconds since the Unix epoch.
    pub fn millis(self) -> i64 {
        self.0.timestamp_millis()
    }

    /// The UTC time.
    pub fn datetime(self) -> DateTime<Utc> {
        self.0
    }

    /// The calendar day (UTC).
    pub fn date(self) -> NaiveDate {
        self.0.date_naive()
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = std::borrow::Cow::<str>::deserialize(d)?;
        DateTime::parse_from_rfc3339(&s)
            .map(|t| Self::from_datetime(t.with_timezone(&Utc)))
            .map_err(|e| serde::de::Error::custom(format!("`{s}` is not an RFC 3339 time: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_three_precisions() {
        let d = PartialDate::parse("2025-03-13").unwrap();
        assert_eq!(d.precision(), Precision::Day);
        assert_eq!(d.to_string(), "2025-03-13");
        let m = PartialDate::parse("2025-03").unwrap();
        assert_eq!(m.precision(), Precision::Month);
        assert_eq!(m.first_day(), NaiveDate::from_ymd_opt(2025, 3, 1).unwrap());
        assert_eq!(m.last_day(), NaiveDate::from_ymd_opt(2025, 3, 31).unwrap());
        let y = PartialDate::parse(" 2024 ").unwrap();
        assert_eq!(y.precision(), Precision::Year);
        assert_eq!(y.last_day(), NaiveDate::from_ymd_opt(2024, 12, 31).unwrap());
        assert_eq!(PartialDate::parse("2024-02").unwrap().last_day().day(), 29);
        assert_eq!(PartialDate::parse("2025-12").unwrap().last_day().day(), 31);
    }

    #[test]
    fn rejects_bad_dates_with_a_reason() {
        for bad in
            ["", "13/03/2025", "2025-3-13", "2025-13", "2025-02-30", "20255", "2025-03-13-01", "yesterday"]
        {
            let err = PartialDate::parse(bad).unwrap_err();
            assert!(err.0.contains("is not a date"), "{bad}: {err}");
        }
        assert!(PartialDate::parse("2025-02-30").unwrap_err().0.contains("no day 30"));
    }

    #[test]
    fn sorts_by_first_day_then_precision() {
        let mut v: Vec<PartialDate> = ["2025-03-13", "2025", "2025-03", "2025-03-01", "2024-12-31"]
            .iter()
            .map(|s| s.parse().unwrap())
            .collect();
        v.sort();
        let shown: Vec<String> = v.iter().map(|d| d.to_string()).collect();
        assert_eq!(shown, ["2024-12-31", "2025", "2025-03", "2025-03-01", "2025-03-13"]);
    }

    #[test]
    fn timestamp_keeps_milliseconds() {
        let t = Timestamp::from_millis(1_741_858_200_123).unwrap();
        assert_eq!(t.to_string(), "2025-03-13T09:30:00.123Z");
        let json = serde_json::to_string(&t).unwrap();
        let back: Timestamp = serde_json::from_str(&json).unwrap();
        assert_eq!(t, back);
    }
}
