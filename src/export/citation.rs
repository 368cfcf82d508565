//! One thing as a citation, for "Copy as citation": a position (from a
//! matrix cell or a shift card) or a whole statement, in one line of text
//! and the same line as HTML (for pasting into a mail or a document with
//! its link and quotation intact).
//!
//! "Kremlin on Ceasefire: −2 → −1 (shift toward), 27 Nov 2025 — “If they
//! don't, then we will achieve it by military means.” — Vladimir Putin, The
//! Straits Times"

use chrono::Datelike;
use maud::html;

use super::summary::{is_web_address, safe_link};
use super::text;
use crate::analysis;
use crate::model::{PartialDate, Precision, Stance, Statement, Store, TopicId};

/// A citation as text and as HTML.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Citation {
    /// One line of plain text.
    pub text: String,
    /// The same line as an HTML fragment (a `<p>`), every text escaped.
    pub html: String,
}

/// "27 Nov 2025", "Nov 2025" or "2025", as precisely as the date is known.
pub fn short_date(d: PartialDate) -> String {
    let f = d.first_day();
    let month = &text::MONTHS[f.month0() as usize][..3];
    match d.precision() {
        Precision::Day => format!("{} {month} {}", f.day(), f.year()),
        Precision::Month => format!("{month} {}", f.year()),
        Precision::Year => f.year().to_string(),
    }
}

/// Who said it and where it was reported: "Vladimir Putin, The Straits Times".
fn attribution(store: &Store, s: &Statement) -> String {
    let who = s
        .speaker
        .clone()
        .filter(|n| !n.trim().is_empty())
        .or_else(|| store.actor(&s.actor).map(|a| a.name.clone()))
        .unwrap_or_else(|| s.actor.to_string());
    let outlet = s.source.outlet.trim();
    if outlet.is_empty() { who } else { format!("{who}, {outlet}") }
}

/// The statement's link, when it has a web address.
fn link(s: &Statement) -> Option<String> {
    s.source.url.as_deref().map(str::trim).filter(|u| is_web_address(u)).map(safe_link)
}

/// Statement `s`'s position on `topic`, with the stance it moved from
/// (`from`: a matrix cell's stance at the comparison date, a shift's
/// starting stance), citing the position's own evidence.
pub fn position(store: &Store, s: &Statement, topic: &TopicId, from: Option<Stance>) -> Option<Citation> {
    let p = s.position(topic)?;
    let actor = store.actor(&s.actor).map_or_else(|| s.actor.to_string(), |a| a.name.clone());
    let topic_name = store.topic(topic).map_or_else(|| topic.to_string(), |t| t.name.clone());
    let change = match from {
        Some(f) if f != p.stance => {
            let (class, dir) = analysis::classify(f, p.stance);
            let what = dir.map(|d| format!(" ({} {})", class.as_str(), d.as_str())).unwrap_or_default();
            format!("{} → {}{what}", f.signed(), p.stance.signed())
        }
        _ => p.stance.signed(),
    };
    let backing = s.backing(topic);
    let words = text::without_bidi_controls(&backing.line()).into_owned();
    let when = short_date(s.date);
    let by = attribution(store, s);
    let line = format!("{actor} on {topic_name}: {change}, {when} — {words} — {by}");
    let url = link(s);
    let html = html! {
        p {
            b { (actor) } " on " b { (topic_name) } ": " (change) ", " (when) " — "
            @match &backing.words {
                Some(w) => {
                    @if backing.paraphrase { i { (w) } } @else { q { (w.trim_matches(['“', '”'])) } }
                    @if !backing.rationale.is_empty() { " (" (backing.rationale) ")" }
                }
                None => { (backing.rationale) }
            }
            " — "
            @match &url { Some(u) => { a href=(u) { (by) } } None => { (by) } }
        }
    };
    Some(Citation { text: with_url(line, url.as_deref()), html: html.into_string() })
}

/// A whole statement: "Kremlin, 27 Nov 2025: “…” — Vladimir Putin, The
/// Straits Times (Ceasefire −1, Territory +2)".
pub fn statement(store: &Store, s: &Statement) -> Citation {
    let actor = store.actor(&s.actor).map_or_else(|| s.actor.to_string(), |a| a.name.clone());
    let when = short_date(s.date);
    let quote = text::without_bidi_controls(&s.quoted()).into_owned();
    let by = attribution(store, s);
    let stances: Vec<String> = s
        .positions
        .iter()
        .map(|p| {
            let name = store.topic(&p.topic).map_or_else(|| p.topic.to_string(), |t| t.name.clone());
            format!("{name} {}", p.stance.signed())
        })
        .collect();
    let positions = if stances.is_empty() { String::new() } else { format!(" ({})", stances.join(", ")) };
    let line = format!("{actor}, {when}: {quote} — {by}{positions}");
    let url = link(s);
    let html = html! {
        p {
            b { (actor) } ", " (when) ": "
            @if s.paraphrase { i { (quote) } } @else { q { (quote.trim_matches(['“', '”'])) } }
            " — "
            @match &url { Some(u) => { a href=(u) { (by) } } None => { (by) } }
            (positions)
        }
    };
    Citation { text: with_url(line, url.as_deref()), html: html.into_string() }
}

fn with_url(line: String, url: Option<&str>) -> String {
    match url {
        Some(u) => format!("{line} <{u}>"),
        None => line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store;

    #[test]
    fn a_position_cites_its_move_its_evidence_and_its_source() {
        let s = store::sample();
        let putin = s
            .statements
            .iter()
            .find(|st| st.date == PartialDate::ymd(2025, 11, 27).unwrap() && st.actor.as_str() == "kremlin")
            .unwrap();
        let c = position(&s, putin, &TopicId::from("ceasefire"), Some(Stance::MIN)).unwrap();
        assert!(
            c.text.starts_with("Kremlin on Ceasefire: −2 → −1 (shift toward), 27 Nov 2025 — “"),
            "{}",
            c.text
        );
        assert!(
            c.text.contains("— Vladimir Putin, The Straits Times <https://www.straitstimes.com/"),
            "{}",
            c.text
        );
        assert!(c.html.starts_with("<p><b>Kremlin</b> on <b>Ceasefire</b>: −2 → −1"), "{}", c.html);
        assert!(c.html.contains("<a href=\"https://www.straitstimes.com/"), "{}", c.html);
        // Its own evidence: the excerpt for ceasefire, not the territory words.
        let ceasefire = putin.backing(&TopicId::from("ceasefire")).words.unwrap();
        assert!(c.text.contains(&ceasefire), "{}", c.text);
        // Unchanged: the stance alone. No position on the topic: none.
        let c = position(&s, putin, &TopicId::from("ceasefire"), Some(Stance::new(-1).unwrap())).unwrap();
        assert!(c.text.starts_with("Kremlin on Ceasefire: −1, 27 Nov 2025"), "{}", c.text);
        assert!(position(&s, putin, &TopicId::from("nuclear"), None).is_none());
    }

    #[test]
    fn a_statement_citation_escapes_its_html_and_lists_its_stances() {
        let mut s = store::sample();
        let mut st = s.statements[0].clone();
        st.quote = "<script>x</script> & co".into();
        st.source.url = Some("javascript:alert(1)".into());
        s.statements[0] = st.clone();
        let c = statement(&s, &st);
        assert!(c.html.contains("&lt;script&gt;x&lt;/script&gt; &amp; co"), "{}", c.html);
        assert!(!c.html.contains("<script") && !c.html.contains("href=\"javascript"), "{}", c.html);
        let topic = s.topic(&st.positions[0].topic).unwrap();
        assert!(
            c.text.ends_with(&format!("({} {})", topic.name, st.positions[0].stance.signed())),
            "{}",
            c.text
        );
    }
}
