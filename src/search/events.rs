//! Finding events by their words: the events panel's search box, the query
//! language's `event:` filter and `stancebook events` all find an event the
//! same way.
//!
//! An event's words are those of its title, place and kind and its actors'
//! ids and names (with [`Dates::Included`], its dates too: `15 aug`,
//! `august`, and an ISO date such as `2025-08` is a period the event must
//! overlap); each word of the query must begin a word of the event
//! (`alask` finds "Alaska"), ignoring case and accents. An event's id finds
//! it too. When no event has every word, a word of four letters or more may
//! be one or two letters off (`alsaka`), and the result says so.

use crate::model::{Event, PartialDate, Store};

use super::fold::{edit_distance, fold};

/// Whether an event's dates are among its words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dates {
    /// "15", "aug", "2025", "2025-08-15" find it (the events panel).
    Included,
    /// Only its title, place, kind and actors (`event:` in a query).
    Excluded,
}

/// The events found for a query.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EventMatches {
    /// Indices into `store.events`, in the store's order (oldest first).
    pub indices: Vec<usize>,
    /// Some word matched only with a letter or two forgiven.
    pub forgiving: bool,
}

/// The folded words of `text`, appended to `out`.
fn push_words(text: &str, out: &mut Vec<String>) {
    out.extend(fold(text).split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_owned));
}

/// The words an event is found by.
pub fn event_words(store: &Store, e: &Event, dates: Dates) -> Vec<String> {
    let mut words = Vec::new();
    push_words(&e.title, &mut words);
    push_words(&e.place, &mut words);
    words.push(e.kind.as_str().to_owned());
    for a in &e.actors {
        push_words(a.as_str(), &mut words);
        if let Some(actor) = store.actor(a) {
            push_words(&actor.name, &mut words);
        }
    }
    if dates == Dates::Included {
        // "15 Aug 2025", "august" (ISO dates in a query are periods: see `find_events`).
        push_words(&e.when(), &mut words);
        words.push(e.date.first_day().format("%B").to_string().to_lowercase());
    }
    words
}

/// How many letters a word of the query may be off and still match.
fn allowed_typos(word: &str) -> usize {
    match word.chars().count() {
        0..=3 => 0,
        4 => 1,
        // A swapped pair of letters is two edits (`alsaka`).
        _ => 2,
    }
}

/// Whether query word `q` begins `w`, or (with `forgive`) nearly does.
fn word_matches(q: &str, w: &str, forgive: bool) -> bool {
    if w.starts_with(q) {
        return true;
    }
    let allowed = allowed_typos(q);
    if !forgive || allowed == 0 {
        return false;
    }
    // The whole word, or its start as long as the query word (give or take one letter).
    let n = q.chars().count();
    let prefix = |len: usize| -> String { w.chars().take(len).collect() };
    edit_distance(q, w) <= allowed
        || [n, n + 1, n.saturating_sub(1)].into_iter().any(|len| edit_distance(q, &prefix(len)) <= allowed)
}

/// The folded words of a query.
fn query_words(query: &str) -> Vec<String> {
    let mut v = Vec::new();
    push_words(query, &mut v);
    v
}

/// The events whose words take in every word of `query` (all events for an
/// empty query; the one event for its id), oldest first; with no exact match,
/// those that match with a letter or two forgiven.
pub fn find_events(store: &Store, query: &str, dates: Dates) -> EventMatches {
    let trimmed = query.trim();
    if let Some(i) = store.events.iter().position(|e| e.id.to_string().eq_ignore_ascii_case(trimmed)) {
        return EventMatches { indices: vec![i], forgiving: false };
    }
    // With dates: `2025-08` or `2025` is a period the event must overlap.
    let (periods, text): (Vec<PartialDate>, Vec<&str>) = if dates == Dates::Included {
        let mut periods = Vec::new();
        let mut text = Vec::new();
        for token in trimmed.split_whitespace() {
            match PartialDate::parse(token) {
                Ok(d) => periods.push(d),
                Err(_) => text.push(token),
            }
        }
        (periods, text)
    } else {
        (Vec::new(), vec![trimmed])
    };
    let q = query_words(&text.join(" "));
    let in_periods =
        |e: &Event| periods.iter().all(|p| e.first_day() <= p.last_day() && e.last_day() >= p.first_day());
    if q.is_empty() {
        let indices = (0..store.events.len()).filter(|&i| in_periods(&store.events[i])).collect();
        return EventMatches { indices, forgiving: false };
    }
    let words: Vec<Vec<String>> = store.events.iter().map(|e| event_words(store, e, dates)).collect();
    let matching = |forgive: bool| -> Vec<usize> {
        (0..store.events.len())
            .filter(|&i| in_periods(&store.events[i]))
            .filter(|&i| q.iter().all(|qw| words[i].iter().any(|w| word_matches(qw, w, forgive))))
            .collect()
    };
    let exact = matching(false);
    if !exact.is_empty() {
        return EventMatches { indices: exact, forgiving: false };
    }
    EventMatches { indices: matching(true), forgiving: true }
}

/// The events matching `query` exactly (no letter forgiven), oldest first:
/// what `event:` filters on.
pub fn find_events_exactly(store: &Store, query: &str) -> Vec<usize> {
    let m = find_events(store, query, Dates::Excluded);
    if m.forgiving { Vec::new() } else { m.indices }
}

/// For a query that finds no event, the query with each word that begins no
/// event's word replaced by the nearest word that does (one or two letters
/// off), and the first event it then finds: `alsaka` → (`alaska`, the
/// Alaska summit). None when no such spelling finds an event.
pub fn suggest_event(store: &Store, query: &str) -> Option<(String, usize)> {
    let q = query_words(query);
    if q.is_empty() {
        return None;
    }
    let mut vocabulary: Vec<String> =
        store.events.iter().flat_map(|e| event_words(store, e, Dates::Excluded)).collect();
    vocabulary.sort();
    vocabulary.dedup();
    let corrected: Vec<String> = q
        .iter()
        .map(|qw| {
            if vocabulary.iter().any(|w| w.starts_with(qw.as_str())) {
                return qw.clone();
            }
            vocabulary
                .iter()
                .map(|w| (edit_distance(qw, w), w))
                .filter(|(d, _)| *d <= allowed_typos(qw).max(1))
                .min_by_key(|(d, w)| (*d, w.len()))
                .map_or_else(|| qw.clone(), |(_, w)| w.clone())
        })
        .collect();
    if corrected == q {
        return None;
    }
    let text = corrected.join(" ");
    let first = *find_events_exactly(store, &text).first()?;
    Some((text, first))
}

/// The shortest `event:` value that finds event `index` alone: one word of
/// its title or place (`alaska`), two in quotes (`"white house"`), else its id.
pub fn event_handle(store: &Store, index: usize) -> String {
    let Some(e) = store.events.get(index) else { return String::new() };
    let mut words = Vec::new();
    push_words(&e.title, &mut words);
    push_words(&e.place, &mut words);
    words.retain(|w| w.chars().count() >= 4 && !w.chars().all(|c| c.is_ascii_digit()));
    let mut seen = std::collections::HashSet::new();
    words.retain(|w| seen.insert(w.clone()));
    let alone = |text: &str| find_events_exactly(store, text) == [index];
    if let Some(w) = words.iter().find(|w| alone(w)) {
        return w.clone();
    }
    for (i, a) in words.iter().enumerate() {
        for b in &words[i + 1..] {
            let pair = format!("{a} {b}");
            if alone(&pair) {
                return format!("\"{pair}\"");
            }
        }
    }
    e.id.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn titles(store: &Store, m: &EventMatches) -> Vec<String> {
        m.indices.iter().map(|&i| store.events[i].title.clone()).collect()
    }

    #[test]
    fn words_begin_words_of_the_title_place_kind_and_actors() {
        let store = crate::store::sample();
        let alaska = find_events(&store, "alask", Dates::Excluded);
        assert_eq!(titles(&store, &alaska), ["Trump–Putin summit in Alaska ends without a deal"]);
        assert!(!alaska.forgiving);
        let anchorage = find_events(&store, "Anchorage", Dates::Excluded);
        assert_eq!(anchorage.indices, alaska.indices, "by its place");
        let summits = find_events(&store, "summit", Dates::Excluded);
        assert!(summits.indices.len() >= 3, "by kind and title");
        let kyiv_truce = find_events(&store, "truce kremlin", Dates::Excluded);
        assert!(titles(&store, &kyiv_truce).iter().all(|t| t.contains("truce")), "every word counts");
        let id = store.events[alaska.indices[0]].id.to_string().to_lowercase();
        assert_eq!(find_events(&store, &id, Dates::Excluded).indices, alaska.indices, "by id");
        assert_eq!(find_events(&store, "  ", Dates::Excluded).indices.len(), store.events.len());
    }

    #[test]
    fn each_event_has_a_short_handle_that_finds_it_alone() {
        let store = crate::store::sample();
        let alaska = find_events_exactly(&store, "alaska")[0];
        assert_eq!(event_handle(&store, alaska), "alaska");
        for i in 0..store.events.len() {
            let h = event_handle(&store, i);
            let q = crate::search::Query::parse_checked(&format!("event:{h}"), &store).expect("parses");
            let crate::search::Filter::Event { values, .. } = &q.filters[0].filter else { panic!("{h}") };
            assert_eq!(find_events_exactly(&store, &values[0].text), [i], "{h}");
        }
    }

    #[test]
    fn dates_find_events_only_where_asked() {
        let store = crate::store::sample();
        let aug = find_events(&store, "aug 2025", Dates::Included);
        assert!(!aug.indices.is_empty());
        assert!(aug.indices.iter().all(|&i| store.events[i].date.to_string().starts_with("2025-08")));
        assert!(find_events(&store, "2025-08-15", Dates::Included).indices.len() == 1);
        // An ISO month is a period: not 8 May (the Victory Day truce, 8–10 May).
        let august = find_events(&store, "2025-08", Dates::Included);
        assert_eq!(august.indices, aug.indices);
        let may_truces = find_events(&store, "truce 2025-05", Dates::Included);
        assert_eq!(may_truces.indices.len(), 1);
        // A span counts in every period it overlaps.
        let riyadh = find_events(&store, "2025-03-24 riyadh", Dates::Included);
        assert_eq!(riyadh.indices.len(), 1, "23–25 Mar");
        assert!(find_events_exactly(&store, "aug").is_empty(), "not in `event:`");
    }

    #[test]
    fn a_misspelt_word_is_forgiven_and_suggested() {
        let store = crate::store::sample();
        let m = find_events(&store, "alsaka", Dates::Excluded);
        assert!(m.forgiving);
        assert_eq!(titles(&store, &m), ["Trump–Putin summit in Alaska ends without a deal"]);
        assert!(find_events_exactly(&store, "alsaka").is_empty());
        let (text, i) = suggest_event(&store, "alsaka").expect("a suggestion");
        assert_eq!(text, "alaska");
        assert!(store.events[i].title.contains("Alaska"));
        assert_eq!(suggest_event(&store, "picnic"), None);
        assert_eq!(suggest_event(&store, "alaska"), None, "nothing to correct");
    }
}
