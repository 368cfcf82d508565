//! Dates in running text resolved against the publication date: "today",
//! "this morning", "yesterday", "last night", "on Wednesday", "last week",
//! "last summer", "in September 2022", "11 March", "two days after …", each
//! with its precision (day, month or year).

use std::ops::Range;

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use super::text::Token;
use crate::model::PartialDate;

/// A date expression found in the text: its word span and what it resolves to.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct DateMention {
    /// Token indices of the expression.
    pub span: Range<usize>,
    pub date: PartialDate,
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Lower-case words that may follow "March 11" (otherwise "March 40 drones"
/// style counts are not dates).
const FOLLOWS_A_DATE: &[&str] = &[
    "and", "that", "to", "in", "at", "on", "he", "she", "it", "they", "we", "when", "as", "after", "before",
    "while", "but", "or", "the", "a", "an", "said", "says", "told", "with", "for", "by", "of", "was", "were",
];

fn month_of(t: &Token) -> Option<u32> {
    if !t.cap {
        return None;
    }
    let w = t.lower.as_str();
    MONTHS
        .iter()
        .position(|m| *m == w || (w.len() >= 3 && w != "may" && m.starts_with(w) && w.len() <= 4))
        .map(|i| i as u32 + 1)
}

fn weekday_of(w: &str) -> Option<Weekday> {
    Some(match w {
        "monday" => Weekday::Mon,
        "tuesday" => Weekday::Tue,
        "wednesday" => Weekday::Wed,
        "thursday" => Weekday::Thu,
        "friday" => Weekday::Fri,
        "saturday" => Weekday::Sat,
        "sunday" => Weekday::Sun,
        _ => return None,
    })
}

fn number_word(w: &str) -> Option<i64> {
    Some(match w {
        "a" | "an" | "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        _ => return w.parse().ok().filter(|n| (1..=400).contains(n)),
    })
}

fn year_of(t: &Token) -> Option<i32> {
    if t.lower.len() != 4 || !t.lower.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.lower.parse().ok().filter(|y| (1900..=2100).contains(y))
}

fn day_of(t: &Token) -> Option<u32> {
    let digits = t.lower.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &t.lower[digits.len()..];
    if !matches!(suffix, "" | "st" | "nd" | "rd" | "th") || digits.is_empty() || digits.len() > 2 {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

/// The most recent `weekday` on or before `published` (a weekday named in a
/// news text refers to the current week: "on Wednesday" in Thursday's paper).
fn last_weekday(published: NaiveDate, weekday: Weekday, strictly_before: bool) -> NaiveDate {
    let mut back = (published.weekday().num_days_from_monday() + 7 - weekday.num_days_from_monday()) % 7;
    if back == 0 && strictly_before {
        back = 7;
    }
    published - Duration::days(back as i64)
}

fn month_before(published: NaiveDate, month: u32, strictly: bool) -> Option<PartialDate> {
    let y = if month > published.month() || (strictly && month == published.month()) {
        published.year() - 1
    } else {
        published.year()
    };
    PartialDate::month(y, month)
}

fn add_months(date: NaiveDate, months: i32) -> Option<PartialDate> {
    let total = date.year() * 12 + date.month0() as i32 + months;
    PartialDate::month(total.div_euclid(12), total.rem_euclid(12) as u32 + 1)
}

/// Finds every date expression in `tokens`.
pub(crate) fn find(tokens: &[Token], published: NaiveDate) -> Vec<DateMention> {
    let mut out: Vec<DateMention> = Vec::new();
    let w = |i: usize| tokens.get(i).map_or("", |t| t.lower.as_str());
    let mut i = 0;
    while i < tokens.len() {
        if let Some((len, date)) = one_at(tokens, i, published) {
            // "two days after <date>", "a week before <date>"
            out.push(DateMention { span: i..i + len, date });
            i += len;
            continue;
        }
        if let Some(n) = number_word(w(i))
            && matches!(w(i + 1), "day" | "days" | "week" | "weeks")
            && matches!(w(i + 2), "after" | "before" | "ago")
        {
            let days = if w(i + 1).starts_with("week") { 7 * n } else { n };
            if w(i + 2) == "ago" {
                out.push(DateMention {
                    span: i..i + 3,
                    date: PartialDate::day(published - Duration::days(days)),
                });
                i += 3;
                continue;
            }
            let sign = if w(i + 2) == "after" { 1 } else { -1 };
            // The anchor: a date expression within the next few words.
            let anchor = (i + 3..(i + 12).min(tokens.len())).find_map(|j| one_at(tokens, j, published));
            if let Some((_, anchor)) = anchor
                && let Some(d) = anchor.first_day().checked_add_signed(Duration::days(sign * days))
            {
                out.push(DateMention {
                    span: i..i + 3,
                    date: PartialDate::with_precision(d, anchor.precision()),
                });
                i += 3;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// `m` read as a date to come, for an announced event ("will meet on
/// Friday" in Tuesday's paper is this week's Friday, "on 28 August" in an
/// August paper is this year's): a weekday, a day and month without a year,
/// or a month alone move forward to their next occurrence on or after
/// `published`; any other expression keeps its date.
pub(crate) fn ahead(tokens: &[Token], m: &DateMention, published: NaiveDate) -> PartialDate {
    let words: Vec<&Token> = tokens[m.span.start.min(tokens.len())..m.span.end.min(tokens.len())]
        .iter()
        .filter(|t| t.word)
        .collect();
    let has_year = words.iter().any(|t| year_of(t).is_some());
    let first = m.date.first_day();
    if first >= published || has_year {
        return m.date;
    }
    if let [w] = words.as_slice()
        && let Some(wd) = weekday_of(&w.lower)
    {
        let fwd = (wd.num_days_from_monday() + 7 - published.weekday().num_days_from_monday()) % 7;
        return PartialDate::day(published + Duration::days(fwd as i64));
    }
    let named_month = words.iter().any(|t| month_of(t).is_some());
    let relative = words.iter().any(|t| matches!(t.lower.as_str(), "last" | "ago" | "yesterday" | "before"));
    if !named_month || relative {
        return m.date;
    }
    // The same day or month a year on, if that is not before publication.
    let later = match m.date.precision() {
        crate::model::Precision::Day => PartialDate::ymd(first.year() + 1, first.month(), first.day()),
        crate::model::Precision::Month => {
            if first.year() == published.year() && first.month() == published.month() {
                return m.date;
            }
            PartialDate::month(first.year() + 1, first.month())
        }
        crate::model::Precision::Year => None,
    };
    later.filter(|d| d.last_day() >= published).unwrap_or(m.date)
}

/// "tomorrow" and "the day after tomorrow" at word `i`: (length, date).
pub(crate) fn tomorrow_at(tokens: &[Token], i: usize, published: NaiveDate) -> Option<(usize, PartialDate)> {
    let w = |k: usize| tokens.get(k).map_or("", |t| t.lower.as_str());
    if w(i) == "tomorrow" {
        return Some((1, PartialDate::day(published + Duration::days(1))));
    }
    if w(i) == "day" && w(i + 1) == "after" && w(i + 2) == "tomorrow" {
        return Some((3, PartialDate::day(published + Duration::days(2))));
    }
    None
}

/// A date expression starting at word `i`: its length in words and its date.
fn one_at(tokens: &[Token], i: usize, p: NaiveDate) -> Option<(usize, PartialDate)> {
    let w = |k: usize| tokens.get(k).map_or("", |t| t.lower.as_str());
    let t = tokens.get(i)?;
    if !t.word {
        return None;
    }
    let day = |d: NaiveDate| Some(PartialDate::day(d));
    match w(i) {
        "today" | "tonight" => return Some((1, PartialDate::day(p))),
        "yesterday" => return Some((1, PartialDate::day(p - Duration::days(1)))),
        "this" if matches!(w(i + 1), "morning" | "afternoon" | "evening") => {
            return Some((2, PartialDate::day(p)));
        }
        "earlier" | "later" if w(i + 1) == "today" => return Some((2, PartialDate::day(p))),
        "this" if w(i + 1) == "week" => return Some((2, PartialDate::month(p.year(), p.month())?)),
        "this" if w(i + 1) == "month" => return Some((2, PartialDate::month(p.year(), p.month())?)),
        "this" if w(i + 1) == "year" => return Some((2, PartialDate::year(p.year())?)),
        "last" | "next" => {
            let next = w(i) == "next";
            let n = w(i + 1);
            if n == "night" && !next {
                return Some((2, PartialDate::day(p - Duration::days(1))));
            }
            if n == "week" {
                let d = if next { p + Duration::days(7) } else { p - Duration::days(7) };
                return Some((2, PartialDate::month(d.year(), d.month())?));
            }
            if n == "month" {
                return Some((2, add_months(p, if next { 1 } else { -1 })?));
            }
            if n == "year" {
                return Some((2, PartialDate::year(p.year() + if next { 1 } else { -1 })?));
            }
            if let Some(wd) = weekday_of(n) {
                let d = if next {
                    // Never today: "next Friday" in a Friday paper is a week on.
                    let d = last_weekday(p, wd, true) + Duration::days(7);
                    if d <= p { d + Duration::days(7) } else { d }
                } else {
                    last_weekday(p, wd, true)
                };
                return Some((2, day(d)?));
            }
            let season = match n {
                "spring" => Some(3),
                "summer" => Some(6),
                "autumn" | "fall" => Some(9),
                "winter" => Some(12),
                _ => None,
            };
            if let Some(start) = season
                && !next
            {
                // The latest such season that has ended (winter starts in December).
                let mut y = p.year();
                let end_month = start + 2;
                if start == 12 {
                    y -= 1;
                    if p.month() <= 2 {
                        y -= 1;
                    }
                } else if p.month() <= end_month {
                    y -= 1;
                }
                return Some((2, PartialDate::month(y, start)?));
            }
            if let Some(m) = tokens.get(i + 1).and_then(month_of)
                && !next
            {
                return Some((2, month_before(p, m, true)?));
            }
        }
        _ => {}
    }
    if let Some(wd) = weekday_of(w(i))
        && t.cap
    {
        return Some((1, PartialDate::day(last_weekday(p, wd, false))));
    }
    // "11 March [2025]"
    if let Some(d) = day_of(t)
        && let Some(m) = tokens.get(i + 1).and_then(month_of)
    {
        if let Some(y) = tokens.get(i + 2).and_then(year_of) {
            return Some((3, PartialDate::ymd(y, m, d)?));
        }
        let this = PartialDate::ymd(p.year(), m, d)?;
        let date = if this.first_day() > p { PartialDate::ymd(p.year() - 1, m, d)? } else { this };
        return Some((2, date));
    }
    // "March 11[,] [2025]", "March 2025", "September"
    if let Some(m) = month_of(t) {
        // An abbreviation's full stop ("Nov. 21", AP style) is skipped.
        let abbreviated = t.lower.chars().count() <= 4 && w(i + 1) == ".";
        let mut k = i + 1 + usize::from(abbreviated);
        if let Some(d) = tokens.get(k).and_then(day_of)
            && !tokens
                .get(k + 1)
                .is_some_and(|x| x.word && !x.cap && !FOLLOWS_A_DATE.contains(&x.lower.as_str()))
        {
            k += 1;
            let comma = w(k) == ",";
            if let Some(y) = tokens.get(k + usize::from(comma)).and_then(year_of) {
                return Some((k + usize::from(comma) + 1 - i, PartialDate::ymd(y, m, d)?));
            }
            let this = PartialDate::ymd(p.year(), m, d)?;
            let date = if this.first_day() > p { PartialDate::ymd(p.year() - 1, m, d)? } else { this };
            return Some((k - i, date));
        }
        if let Some(y) = tokens.get(k).and_then(year_of) {
            return Some((k + 1 - i, PartialDate::month(y, m)?));
        }
        // A bare month needs a preposition or a modifier before it ("in May", "late January").
        let before = i.checked_sub(1).map_or("", w);
        if matches!(before, "in" | "since" | "early" | "late" | "mid" | "until" | "by" | "during") {
            return Some((1, month_before(p, m, false)?));
        }
        return None;
    }
    // "in 2022"
    if let Some(y) = year_of(t) {
        let before = i.checked_sub(1).map_or("", w);
        if matches!(before, "in" | "since" | "during" | "of") {
            return Some((1, PartialDate::year(y)?));
        }
    }
    // ISO: 2025-03-11 is split by the tokenizer into 2025, 03, 11.
    if let Some(y) = year_of(t)
        && let (Some(m), Some(d)) = (tokens.get(i + 1), tokens.get(i + 2))
        && m.lower.len() == 2
        && d.lower.len() == 2
        && tokens.get(i + 1).is_some_and(|x| x.range.start == t.range.end + 1)
        && let (Ok(m), Ok(d)) = (m.lower.parse::<u32>(), d.lower.parse::<u32>())
    {
        return Some((3, PartialDate::ymd(y, m, d)?));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::text::tokenize;

    fn resolve(text: &str) -> Vec<String> {
        let p = NaiveDate::from_ymd_opt(2025, 3, 13).unwrap(); // a Thursday
        let toks = tokenize(text, 0..text.len(), &[]);
        find(&toks, p).into_iter().map(|d| d.date.to_string()).collect()
    }

    #[test]
    fn relative_days() {
        assert_eq!(resolve("said this morning"), ["2025-03-13"]);
        assert_eq!(resolve("said today"), ["2025-03-13"]);
        assert_eq!(resolve("spoke yesterday"), ["2025-03-12"]);
        assert_eq!(resolve("a drone attack last night"), ["2025-03-12"]);
        assert_eq!(resolve("On Wednesday he said"), ["2025-03-12"]);
        assert_eq!(resolve("suggested on Monday that"), ["2025-03-10"]);
        assert_eq!(resolve("on Thursday"), ["2025-03-13"]);
        assert_eq!(resolve("last Thursday"), ["2025-03-06"]);
        assert_eq!(resolve("next Thursday"), ["2025-03-20"], "a week on, not today");
        assert_eq!(resolve("next Friday"), ["2025-03-14"]);
        assert_eq!(resolve("three days ago"), ["2025-03-10"]);
    }

    #[test]
    fn months_seasons_and_years() {
        assert_eq!(resolve("last summer"), ["2024-06"]);
        assert_eq!(resolve("in September 2022"), ["2022-09"]);
        assert_eq!(resolve("in late January"), ["2025-01"]);
        assert_eq!(resolve("in November"), ["2024-11"]);
        assert_eq!(resolve("last week"), ["2025-03"]);
        assert_eq!(resolve("last month"), ["2025-02"]);
        assert_eq!(resolve("last year"), ["2024"]);
        assert_eq!(resolve("in 2022"), ["2022"]);
        assert_eq!(resolve("last August"), ["2024-08"]);
        assert!(resolve("she may go").is_empty(), "the verb `may` is not a month");
    }

    #[test]
    fn calendar_dates() {
        assert_eq!(resolve("on 11 March"), ["2025-03-11"]);
        assert_eq!(resolve("on March 11, 2024"), ["2024-03-11"]);
        assert_eq!(resolve("on 2 December 2024"), ["2024-12-02"]);
        assert_eq!(resolve("on 20 March"), ["2024-03-20"], "a day after publication is last year's");
        assert_eq!(resolve("said on Nov. 21, 2024"), ["2024-11-21"]);
        assert_eq!(resolve("on Feb. 28 that he"), ["2025-02-28"]);
        assert!(resolve("on March 30 drones").is_empty());
        assert_eq!(resolve("in Sept. 2022"), ["2022-09"]);
    }

    #[test]
    fn dates_to_come_move_forward() {
        let p = NaiveDate::from_ymd_opt(2025, 3, 13).unwrap(); // a Thursday
        let ahead_of = |text: &str| {
            let toks = tokenize(text, 0..text.len(), &[]);
            find(&toks, p).into_iter().map(|m| ahead(&toks, &m, p).to_string()).collect::<Vec<_>>()
        };
        assert_eq!(ahead_of("will meet on Friday"), ["2025-03-14"]);
        assert_eq!(ahead_of("will meet on Monday"), ["2025-03-17"]);
        assert_eq!(ahead_of("on Thursday"), ["2025-03-13"]);
        assert_eq!(ahead_of("on 20 March"), ["2025-03-20"]);
        assert_eq!(ahead_of("on 2 March"), ["2026-03-02"]);
        assert_eq!(ahead_of("in May"), ["2025-05"]);
        assert_eq!(ahead_of("next week"), ["2025-03"]);
        assert_eq!(ahead_of("yesterday"), ["2025-03-12"], "a past day stays past");
        assert_eq!(ahead_of("on 2 December 2024"), ["2024-12-02"], "a year given is kept");
    }

    #[test]
    fn offsets_from_an_anchor() {
        assert_eq!(resolve("two days after the talks on Tuesday"), ["2025-03-13", "2025-03-11"]);
        assert_eq!(resolve("a week before 20 February"), ["2025-02-13", "2025-02-20"]);
    }
}
