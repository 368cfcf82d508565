//! From the finds of each sentence to event candidates: one candidate per
//! event however often the text names it, its fields taken from the best
//! mention, a title in the analyst's words, a trace of why, and a check
//! against the events the store already holds.

use chrono::NaiveDate;

use super::EventCandidate;
use super::detect::{Find, Label, Party};
use crate::ingest::{GAZETTEER, Trace, TraceField};
use crate::model::{ActorId, EventId, EventKind, PartialDate, Precision, Store};

/// How many days apart a find and an event of the store may be and still be one event.
const STORE_DAYS: i64 = 2;

/// Kinds that one meeting may be called by: a summit, a meeting and talks are one class.
fn class(k: EventKind) -> u8 {
    match k {
        EventKind::Summit | EventKind::Meeting | EventKind::Talks => 0,
        EventKind::Call => 1,
        k => 2 + k as u8,
    }
}

fn gap_days(a: (NaiveDate, NaiveDate), b: (NaiveDate, NaiveDate)) -> i64 {
    if a.1 < b.0 {
        (b.0 - a.1).num_days()
    } else if b.1 < a.0 {
        (a.0 - b.1).num_days()
    } else {
        0
    }
}

fn span(d: PartialDate, end: Option<PartialDate>) -> (NaiveDate, NaiveDate) {
    (d.first_day(), end.map_or(d.last_day(), |e| e.last_day().max(d.last_day())))
}

fn actors_of(f: &Find) -> Vec<usize> {
    let mut a: Vec<usize> = f.parties.iter().filter_map(|p| p.actor).collect();
    a.sort_unstable();
    a.dedup();
    a
}

fn shared(a: &[usize], b: &[usize]) -> usize {
    a.iter().filter(|x| b.contains(x)).count()
}

/// Both name actors, and those of one are all among the other's, or two are shared.
fn actors_match(a: &[usize], b: &[usize]) -> bool {
    let s = shared(a, b);
    !a.is_empty() && !b.is_empty() && (s == a.len() || s == b.len() || s >= 2)
}

fn same_place(a: &Find, b: &Find) -> bool {
    match (&a.place, &b.place) {
        (Some((x, _)), Some((y, _))) => {
            let (x, y) = (x.to_lowercase(), y.to_lowercase());
            x.contains(&y) || y.contains(&x)
        }
        _ => false,
    }
}

/// Whether dated finds `a` and `b` name the same event.
fn same_event(a: &Find, b: &Find) -> bool {
    let (Some(da), Some(db)) = (&a.date, &b.date) else { return false };
    if class(a.how.kind()) != class(b.how.kind()) || da.date.precision() != db.date.precision() {
        return false;
    }
    // Days a day apart may be one event told from two sides of midnight; a
    // month ("next week") is one event only with the same kind.
    let close = match da.date.precision() {
        Precision::Day => gap_days(span(da.date, da.end), span(db.date, db.end)) <= 1,
        _ => da.date == db.date && a.how.kind() == b.how.kind(),
    };
    if !close {
        return false;
    }
    let (aa, ab) = (actors_of(a), actors_of(b));
    actors_match(&aa, &ab) || (same_place(a, b) && (aa.is_empty() || ab.is_empty()))
}

/// Whether undated find `f` repeats the event of dated find `g`.
fn repeats(f: &Find, g: &Find) -> bool {
    let people = |x: &Find| -> Vec<String> {
        x.parties
            .iter()
            .filter_map(|p| if let Label::Person(n) = &p.label { Some(n.clone()) } else { None })
            .collect()
    };
    let (pf, pg) = (people(f), people(g));
    // Other people ("Rubio and Lavrov" beside "Witkoff and Putin") make another event.
    // People named beside an event that names none ("a Putin–Zelensky
    // meeting" beside the delegations' talks) make another, unless the place is the same.
    let others = (!pf.is_empty() && !pg.is_empty() && !pf.iter().any(|n| pg.contains(n)))
        || (!pf.is_empty() && pg.is_empty() && !same_place(f, g));
    !others
        && class(f.how.kind()) == class(g.how.kind())
        && (shared(&actors_of(f), &actors_of(g)) >= 2 || (same_place(f, g) && f.how.kind() == g.how.kind()))
}

/// Groups the finds of a text into event candidates, in the order of the text.
pub(crate) fn assemble(
    finds: Vec<Find>,
    text: &str,
    store: &Store,
    published: NaiveDate,
) -> Vec<EventCandidate> {
    let (dated, undated): (Vec<Find>, Vec<Find>) = finds.into_iter().partition(|f| f.date.is_some());
    let mut groups: Vec<Vec<Find>> = Vec::new();
    for f in dated {
        match groups.iter_mut().find(|g| g.iter().any(|x| same_event(x, &f))) {
            Some(g) => g.push(f),
            None => groups.push(vec![f]),
        }
    }
    for f in undated {
        // The nearest event named before it, else the first after it.
        let fits: Vec<usize> =
            (0..groups.len()).filter(|&gi| groups[gi].iter().any(|g| repeats(&f, g))).collect();
        let before = fits.iter().copied().rfind(|&gi| groups[gi][0].sentence.start <= f.sentence.start);
        if let Some(gi) = before.or_else(|| fits.first().copied()) {
            groups[gi].push(f);
        }
    }
    let mut out: Vec<EventCandidate> =
        groups.into_iter().map(|mut g| candidate(&mut g, text, store, published)).collect();
    for c in &mut out {
        c.duplicate_of = duplicate_in(c, store);
    }
    out.sort_by_key(|c| c.span.start);
    out
}

/// One group of finds as a candidate.
fn candidate(g: &mut [Find], text: &str, store: &Store, published: NaiveDate) -> EventCandidate {
    g.sort_by_key(|f| f.sentence.start);
    let dated: Vec<&Find> = g.iter().filter(|f| f.date.is_some()).collect();
    let best = dated
        .iter()
        .copied()
        .max_by(|a, b| {
            a.how
                .rank()
                .cmp(&b.how.rank())
                .then(a.confidence.total_cmp(&b.confidence))
                .then(b.sentence.start.cmp(&a.sentence.start))
        })
        .unwrap_or(&g[0]);
    let when = dated
        .iter()
        .copied()
        .find(|f| f.date.as_ref().is_some_and(|d| d.date.precision() == Precision::Day))
        .or(dated.first().copied())
        .and_then(|f| f.date.clone().map(|d| (f, d)));
    let (date_find, found) = match when {
        Some(x) => x,
        None => (
            &g[0],
            super::detect::FoundDate {
                date: PartialDate::day(published),
                end: None,
                words: String::new(),
                ahead: false,
            },
        ),
    };
    let end = dated.iter().find_map(|f| f.date.as_ref().and_then(|d| d.end));
    let place_find = Some(best)
        .filter(|f| f.place.is_some())
        .or_else(|| dated.iter().copied().find(|f| f.place.is_some()))
        .or_else(|| g.iter().find(|f| f.place.is_some()));
    let place = place_find.and_then(|f| f.place.clone());
    let the = place_find.is_some_and(|f| f.place_the);
    let mut parties: Vec<Party> = Vec::new();
    // Who takes part is read from the dated mentions (an undated one only repeats the event).
    let told: Vec<&Find> =
        if dated.iter().any(|f| !f.parties.is_empty()) { dated.clone() } else { g.iter().collect() };
    for p in told.iter().flat_map(|f| f.parties.iter()) {
        merge_party(&mut parties, p);
    }
    let kind = best.how.kind();
    // Announced when its date is to come, or some mention tells it as to come and none as past.
    let announced = found.date.first_day() > published
        || (dated.iter().any(|f| f.future) && !dated.iter().any(|f| f.past));
    let mut sentences: Vec<std::ops::Range<usize>> = g.iter().map(|f| f.sentence.clone()).collect();
    sentences.dedup();
    let mut lines: Vec<usize> = g.iter().map(|f| f.line).collect();
    lines.dedup();
    let actors: Vec<ActorId> = {
        let mut ids: Vec<ActorId> = Vec::new();
        for a in parties.iter().filter_map(|p| p.actor).filter_map(|a| store.actors.get(a)) {
            if !ids.contains(&a.id) {
                ids.push(a.id.clone());
            }
        }
        ids
    };
    let place_name = place.as_ref().map(|p| p.0.clone()).unwrap_or_default();
    let title = title(kind, &parties, (&place_name, the), g.iter().any(|f| f.phone), store);
    let confidence =
        (g.iter().map(|f| f.confidence).fold(0.0, f32::max) + 0.05 * (g.len() - 1) as f32).min(0.95);
    let mut trace = Trace::default();
    trace.note(TraceField::Kind, best.rule, format!("“{}” → {kind}", best.words));
    let dir = if found.ahead {
        format!(
            ", read forward: an announced event (“{}”)",
            date_find.future_word.as_deref().unwrap_or("to come")
        )
    } else {
        String::new()
    };
    trace.note(
        TraceField::Date,
        "a date next to the event",
        format!("“{}” against the publication date {published}{dir} → {}", found.words, found.date),
    );
    if announced {
        trace.note(
            TraceField::Date,
            "announced",
            format!(
                "told as to come (“{}”)",
                best.future_word.as_deref().unwrap_or("a date after publication")
            ),
        );
    }
    for p in &parties {
        if let Some(a) = p.actor.and_then(|a| store.actors.get(a)) {
            let rule =
                if p.host { "the host of the capital visited" } else { "a person or actor taking part" };
            trace.note(TraceField::Actor, rule, format!("{} → {}", p.words, a.id));
        }
    }
    if let Some((name, rule)) = &place {
        trace.note(TraceField::Place, rule, name.clone());
    }
    if g.len() > 1 {
        let also: Vec<String> = lines.iter().skip(1).map(|l| l.to_string()).collect();
        trace.note(
            TraceField::Title,
            "named again in the text",
            format!("lines {}: one event", also.join(", ")),
        );
    }
    let evidence = text.get(best.sentence.clone()).unwrap_or("").trim().to_owned();
    EventCandidate {
        line: g[0].line,
        last_line: g.iter().map(|f| f.line).max().unwrap_or(g[0].line),
        span: g[0].sentence.clone(),
        sentences,
        lines,
        title,
        kind,
        date: found.date,
        end: end.or(found.end).filter(|e| e.first_day() > found.date.last_day()),
        place: place_name,
        actors,
        announced,
        evidence,
        confidence,
        trace,
        duplicate_of: None,
    }
}

/// Adds `p` to `parties` unless it is already there (a person by name, an institution by actor).
fn merge_party(parties: &mut Vec<Party>, p: &Party) {
    let person = |l: &Label| matches!(l, Label::Person(_));
    if let Some(q) = parties.iter_mut().find(|q| match (&q.label, &p.label) {
        (Label::Person(a), Label::Person(b)) => a == b,
        (a, b) => !person(a) && !person(b) && q.actor.is_some() && q.actor == p.actor,
    }) {
        q.host &= p.host;
        if matches!(q.label, Label::Actor(_)) && matches!(p.label, Label::Officials(_)) {
            q.label = p.label.clone();
        }
        return;
    }
    // An institution adds nothing beside a person of the same actor, except as a host.
    if !person(&p.label) && parties.iter().any(|q| person(&q.label) && q.actor == p.actor) && !p.host {
        return;
    }
    if person(&p.label)
        && let Some(i) = parties
            .iter()
            .position(|q| !person(&q.label) && !q.host && q.actor == p.actor && q.actor.is_some())
    {
        parties[i] = p.clone();
        return;
    }
    parties.push(p.clone());
}

/// The gazetteer's shortest name of `kind` for actor `id` ("US", "Russia", "Russian").
fn gazetteer_name(id: &str, kind: &str) -> Option<String> {
    GAZETTEER
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let mut cols = l.split('\t');
            let (name, actor, k) = (cols.next()?, cols.next()?, cols.next()?);
            (actor == id && k.trim() == kind).then_some(name)
        })
        .min_by_key(|n| (n.chars().filter(|c| *c != '.').count(), n.contains('.')))
        .map(str::to_owned)
}

/// How a title names a party: a person by name, officials by their
/// country's adjective ("Russian officials"), an actor by its country ("US").
fn label(store: &Store, p: &Party, country: bool) -> String {
    let actor = |a: usize| store.actors.get(a);
    match &p.label {
        Label::Person(name) => name.clone(),
        Label::Officials(a) if !country => {
            let id = actor(*a).map_or("", |x| x.id.as_str());
            let adj = gazetteer_name(id, "demonym")
                .or_else(|| actor(*a).map(|x| x.name.clone()))
                .unwrap_or_default();
            format!("{adj} officials")
        }
        Label::Officials(a) | Label::Actor(a) => {
            let id = actor(*a).map_or("", |x| x.id.as_str());
            gazetteer_name(id, "country").or_else(|| actor(*a).map(|x| x.name.clone())).unwrap_or_default()
        }
    }
}

/// "A and B", "A, B and C".
fn and_list(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// A short title in the analyst's words: "Trump–Putin summit in Alaska",
/// "Witkoff meets Putin in Moscow", "Trump–Putin phone call", "Russia–Ukraine talks in Istanbul".
fn title(
    kind: EventKind,
    parties: &[Party],
    (place, the): (&str, bool),
    phone: bool,
    store: &Store,
) -> String {
    let no_people = !parties.iter().any(|p| matches!(p.label, Label::Person(_)));
    let country =
        matches!(kind, EventKind::Talks | EventKind::Sanctions | EventKind::Plan | EventKind::Truce)
            || (kind == EventKind::Meeting && no_people && parties.len() >= 2);
    let mut names: Vec<String> = Vec::new();
    let mut people: Vec<String> = Vec::new();
    for p in parties.iter().filter(|p| !p.host || kind != EventKind::Meeting) {
        // Talks, sanctions and plans are between countries: the people named go in brackets.
        let as_country = if let (true, Label::Person(name), Some(a)) = (country, &p.label, p.actor) {
            people.push(name.clone());
            Party { label: Label::Actor(a), ..p.clone() }
        } else {
            p.clone()
        };
        let n = label(store, &as_country, country);
        if !n.is_empty() && !names.contains(&n) {
            names.push(n);
        }
    }
    let building = place.rsplit(' ').next().is_some_and(|w| {
        matches!(
            w,
            "House"
                | "Office"
                | "Palace"
                | "Kremlin"
                | "Hall"
                | "Building"
                | "Centre"
                | "Center"
                | "Élysée"
                | "Elysee"
        )
    });
    let at = match place {
        "" => String::new(),
        p if building && the => format!(" at the {p}"),
        p if building => format!(" at {p}"),
        p => format!(" in {p}"),
    };
    let dash = names.join("–");
    let t = match kind {
        EventKind::Meeting => match names.as_slice() {
            [] => format!("Meeting{at}"),
            [one] if parties.iter().any(|p| p.host) => format!("{one} visits {place}"),
            [one] if !place.is_empty() => format!("{one} meeting{at}"),
            [one] => format!("{one} meeting"),
            // Delegations or officials on both sides: "Russia–Ukraine meeting in Istanbul".
            _ if no_people => format!("{dash} meeting{at}"),
            [first, rest @ ..] => format!("{first} meets {}{at}", and_list(rest)),
        },
        EventKind::Summit if names.is_empty() && !place.is_empty() => format!("{place} summit"),
        EventKind::Summit => format!("{dash} summit{at}"),
        EventKind::Call => format!("{dash} {}", if phone { "phone call" } else { "call" }),
        EventKind::Talks if !people.is_empty() && names.len() >= 2 => {
            format!("{dash} talks{at} ({})", people.join(", "))
        }
        EventKind::Talks => format!("{dash} talks{at}"),
        EventKind::Truce if names.len() == 1 => format!("Truce declared by {dash}"),
        EventKind::Truce => format!("{dash} truce"),
        EventKind::Sanctions => match names.as_slice() {
            [first, rest @ ..] if !rest.is_empty() => format!("{first} sanctions on {}", and_list(rest)),
            _ => format!("{dash} sanctions"),
        },
        EventKind::Plan => format!("{dash} peace plan"),
        EventKind::Deadline => match names.as_slice() {
            [first, rest @ ..] if !rest.is_empty() => format!("{first}'s deadline for {}", and_list(rest)),
            _ => format!("{dash} deadline"),
        },
        k => format!("{dash} {k}"),
    };
    let t = t.trim().to_owned();
    let mut c = t.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => t,
    }
}

/// The event of `store` that `c` repeats (see [`EventCandidate::duplicate_in`]).
pub(crate) fn duplicate_in(c: &EventCandidate, store: &Store) -> Option<EventId> {
    let mine = span(c.date, c.end);
    store
        .events
        .iter()
        .filter(|e| class(e.kind) == class(c.kind))
        .filter(|e| gap_days(mine, (e.first_day(), e.last_day())) <= STORE_DAYS)
        .filter(|e| {
            // A month ("next week") is the event of a day in it only when kind and place agree.
            let coarse = c.date.precision() != Precision::Day || e.date.precision() != Precision::Day;
            let places_differ =
                !c.place.is_empty() && !e.place.is_empty() && !e.place.eq_ignore_ascii_case(&c.place);
            !coarse || (e.kind == c.kind && !places_differ)
        })
        .filter(|e| {
            let s = e.actors.iter().filter(|a| c.actors.contains(a)).count();
            if c.actors.is_empty() || e.actors.is_empty() {
                !c.place.is_empty() && e.place.to_lowercase() == c.place.to_lowercase()
            } else {
                s >= 2.min(c.actors.len()).min(e.actors.len()).max(1)
            }
        })
        .min_by_key(|e| (gap_days(mine, (e.first_day(), e.last_day())), e.id))
        .map(|e| e.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(store: &Store, actor: &str, name: &str) -> Party {
        let a = store.actors.iter().position(|x| x.id.as_str() == actor);
        Party { actor: a, label: Label::Person(name.into()), words: name.into(), host: false }
    }

    #[test]
    fn titles_read_as_analysts_write_them() {
        let store = crate::store::sample();
        let (trump, putin) = (person(&store, "washington", "Trump"), person(&store, "kremlin", "Putin"));
        let both = [trump.clone(), putin.clone()];
        assert_eq!(
            title(EventKind::Summit, &both, ("Alaska", false), false, &store),
            "Trump–Putin summit in Alaska"
        );
        assert_eq!(
            title(EventKind::Meeting, &both, ("Budapest", false), false, &store),
            "Trump meets Putin in Budapest"
        );
        assert_eq!(title(EventKind::Call, &both, ("", false), true, &store), "Trump–Putin phone call");
        assert_eq!(
            title(EventKind::Talks, &both, ("Riyadh", false), false, &store),
            "US–Russia talks in Riyadh (Trump, Putin)"
        );
        assert_eq!(
            title(EventKind::Meeting, &both, ("White House", true), false, &store),
            "Trump meets Putin at the White House"
        );
        let kremlin = store.actors.iter().position(|x| x.id.as_str() == "kremlin").unwrap();
        let host =
            Party { actor: Some(kremlin), label: Label::Actor(kremlin), words: "Moscow".into(), host: true };
        assert_eq!(
            title(EventKind::Meeting, &[trump, host], ("Moscow", false), false, &store),
            "Trump visits Moscow"
        );
        assert_eq!(title(EventKind::Summit, &[], ("Alaska", false), false, &store), "Alaska summit");
    }

    #[test]
    fn country_names_and_adjectives_come_from_the_gazetteer() {
        assert_eq!(gazetteer_name("washington", "country").as_deref(), Some("US"));
        assert_eq!(gazetteer_name("kremlin", "country").as_deref(), Some("Russia"));
        assert_eq!(gazetteer_name("kremlin", "demonym").as_deref(), Some("Russian"));
        assert_eq!(gazetteer_name("eu", "country"), None);
    }
}
