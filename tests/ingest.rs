//! Ingest on texts of other styles (a wire story, a readout, a blog with
//! times, HTML, Ukrainian and Russian quotes) and on bad input: empty,
//! binary, huge, unbalanced, no quotes. The store is the bundled sample with
//! its statements removed, except where duplicates are the point.

#![allow(clippy::unwrap_used)] // tests: a broken precondition should panic

use chrono::NaiveDate;
use proptest::prelude::*;
use stancebook::ingest::{self, Candidate, Extraction, IngestOptions};
use stancebook::model::{Kind, Source, Store, Verification};

/// Learning from the analyst's corrections (in this binary, to keep the test binaries few).
#[path = "ingest/learn.rs"]
mod learn;

fn store() -> Store {
    ingest::without_statements(&stancebook::store::sample())
}

fn opts(day: &str) -> IngestOptions {
    IngestOptions { published: NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap(), outlet: "Test".into() }
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/fixtures/ingest/{name}", env!("CARGO_MANIFEST_DIR")))
        .expect("fixture")
}

fn by<'a>(x: &'a Extraction, speaker: &str) -> Vec<&'a Candidate> {
    x.candidates.iter().filter(|c| c.speaker.as_deref() == Some(speaker)).collect()
}

fn stance(c: &Candidate, topic: &str) -> Option<i8> {
    c.positions.iter().find(|p| p.topic.as_str() == topic).map(|p| p.stance.value())
}

/// Every candidate points at whole characters of the text, on the right line.
fn well_formed(text: &str, x: &Extraction) {
    let lines: Vec<usize> = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
    for c in &x.candidates {
        assert!(text.is_char_boundary(c.span.start) && text.is_char_boundary(c.span.end));
        assert!(c.span.start < c.span.end && c.span.end <= text.len());
        let line = lines.partition_point(|&s| s <= c.span.start);
        assert_eq!(c.line, line, "line of {:?}", c.quote);
        assert!(c.last_line >= c.line);
        for r in &c.sentences {
            assert!(text.get(r.clone()).is_some());
        }
        assert!(!c.quote.trim().is_empty());
    }
    for s in &x.sentences {
        assert!(text.get(s.range.clone()).is_some());
    }
    // Event candidates too: whole sentences of the text, on their lines, with a title.
    for e in &x.events {
        assert!(text.get(e.span.clone()).is_some());
        assert_eq!(e.line, lines.partition_point(|&s| s <= e.span.start), "line of {:?}", e.title);
        assert!(e.lines.windows(2).all(|w| w[0] < w[1]), "each line once, in order: {:?}", e.lines);
        for r in &e.sentences {
            assert!(text.get(r.clone()).is_some());
            assert!(e.lines.contains(&lines.partition_point(|&s| s <= r.start)));
        }
        assert!(!e.title.trim().is_empty());
        assert!(e.end.is_none_or(|end| end.first_day() > e.date.first_day()));
        assert!((0.0..=1.0).contains(&e.confidence));
    }
}

#[test]
fn wire_story_with_wrapped_lines() {
    let text = fixture("wire_story.txt");
    let x = ingest::extract(&text, &store(), &opts("2025-04-02"));
    well_formed(&text, &x);
    // "Zelenskiy" is the wire's spelling of the store's Zelensky.
    let z = by(&x, "Volodymyr Zelensky");
    assert_eq!(z.len(), 1, "{:#?}", x.candidates);
    assert_eq!(z[0].actor.as_ref().unwrap().as_str(), "kyiv");
    assert_eq!(z[0].date.unwrap().to_string(), "2025-04-01", "“on Tuesday” before a Wednesday paper");
    assert_eq!(z[0].line, 1);
    assert!(stance(z[0], "ceasefire").unwrap() > 0);
    assert!(!z[0].paraphrase, "the quote in the next paragraph belongs to the same statement");

    let p = by(&x, "Dmitry Peskov");
    assert_eq!(p.len(), 1);
    assert!(stance(p[0], "ceasefire").unwrap() < 0, "Peskov dismissed the idea");
    assert_eq!(p[0].kind, Kind::Rejection);

    let l = by(&x, "Sergei Lavrov");
    assert_eq!(l[0].date.unwrap().to_string(), "2025-03", "“last week” is known to the month");
    assert!(stance(l[0], "troops").unwrap() < 0);

    let m = by(&x, "Emmanuel Macron");
    assert_eq!(m[0].actor.as_ref().unwrap().as_str(), "paris");
    assert!(stance(m[0], "troops").unwrap() > 0);

    // The governor's casualty report is a military event, not a statement.
    assert!(x.candidates.iter().all(|c| !c.quote.contains("Odesa")));
}

#[test]
fn press_release_readout() {
    let text = fixture("readout.txt");
    let x = ingest::extract(&text, &store(), &opts("2025-03-18"));
    well_formed(&text, &x);
    let s = by(&x, "Keir Starmer");
    assert!(s.len() >= 2, "{:#?}", x.candidates);
    assert!(s.iter().all(|c| c.actor.as_ref().unwrap().as_str() == "london"));
    assert!(s.iter().any(|c| stance(c, "ceasefire") == Some(2)), "welcomed the ceasefire commitment");
    assert!(s.iter().any(|c| stance(c, "troops").is_some_and(|v| v > 0)), "ready to deploy troops");
    assert!(s.iter().all(|c| c.date.unwrap().to_string() == "2025-03-18"));
    // Kyiv's commitment, as London reports it.
    assert!(x.candidates.iter().any(|c| c.actor.as_ref().is_some_and(|a| a.as_str() == "kyiv")
        && c.verification == Verification::Reported));
}

#[test]
fn live_blog_with_timestamps() {
    let text = fixture("blog_with_times.txt");
    let x = ingest::extract(&text, &store(), &opts("2025-05-10"));
    well_formed(&text, &x);
    let z = by(&x, "Volodymyr Zelensky");
    assert!(!z.is_empty());
    assert_eq!(stance(z[0], "ceasefire"), Some(2));
    let p = by(&x, "Dmitry Peskov");
    assert_eq!(stance(p[0], "sanctions"), Some(-2), "pressure with sanctions is “pointless”");
    let t = by(&x, "Donald Tusk");
    assert!(!t.is_empty(), "“Polish prime minister” resolves to Tusk");
    assert!(t.iter().all(|c| stance(c, "sanctions") == Some(2)), "{t:#?}");
    let r = by(&x, "Mark Rutte");
    assert_eq!(r[0].date.unwrap().to_string(), "2025-05-09", "said yesterday");
    // Time stamps are not sentences of their own statement.
    assert!(x.candidates.iter().all(|c| !c.quote.starts_with("10.42")));
}

#[test]
fn html_is_reduced_to_text() {
    let html = fixture("article.html");
    assert!(ingest::looks_like_html(&html));
    let text = ingest::html_to_text(&html);
    assert!(!text.contains('<') && !text.contains("&ldquo;") && !text.contains("not text"));
    let x = ingest::extract(&text, &store(), &opts("2025-02-18"));
    well_formed(&text, &x);
    let r = by(&x, "Marco Rubio");
    assert_eq!(r[0].date.unwrap().to_string(), "2025-02-17");
    assert_eq!(r[0].quote, "“a first step”");
    let l = by(&x, "Sergei Lavrov");
    assert!(stance(l[0], "troops").unwrap() < 0);
    assert_eq!(l[0].kind, Kind::Rejection);
}

#[test]
fn ukrainian_and_russian_quotes() {
    let text = fixture("mixed_scripts.txt");
    let x = ingest::extract(&text, &store(), &opts("2025-03-13"));
    well_formed(&text, &x);
    // Cyrillic names (also inflected) resolve through the store's aliases.
    assert!(by(&x, "Volodymyr Zelensky").iter().any(|c| c.quote.starts_with('«')));
    assert!(by(&x, "Dmitry Peskov").iter().any(|c| c.quote.contains("переговорам")));
    assert!(by(&x, "Volodymyr Zelensky").iter().any(|c| stance(c, "ceasefire").is_some()));
}

#[test]
fn unknown_people_keep_their_name_and_get_no_actor() {
    let text = "Olena Kovalenko, a lawmaker, said Ukraine should never cede any territory.";
    let x = ingest::extract(text, &store(), &opts("2025-03-13"));
    assert_eq!(x.candidates.len(), 1, "{:#?}", x.candidates);
    assert_eq!(x.candidates[0].speaker.as_deref(), Some("Olena Kovalenko"));
    assert!(x.candidates[0].actor.is_none());
    assert!(x.candidates[0].to_statement(&store(), &Source::default()).is_err(), "no actor yet");
}

#[test]
fn roles_and_pronouns_carry_the_speaker() {
    let text = "The Kremlin spokesman said the talks were useful.\nHe added that sanctions must be lifted before any deal.\nThe US secretary of state said on Friday that the talks would go on.";
    let x = ingest::extract(text, &store(), &opts("2025-03-13"));
    let p = by(&x, "Dmitry Peskov");
    assert!(p.iter().any(|c| stance(c, "sanctions") == Some(-2)), "{:#?}", x.candidates);
    let r = by(&x, "Marco Rubio");
    assert_eq!(r[0].date.unwrap().to_string(), "2025-03-07");
    assert_eq!(r[0].line, 3);
}

#[test]
fn hedges_make_statements_unverified() {
    let text = "Russia is reportedly ready to accept a ceasefire in the Black Sea, sources told the agency.";
    let x = ingest::extract(text, &store(), &opts("2025-03-13"));
    assert_eq!(x.candidates.len(), 1, "{:#?}", x.candidates);
    assert_eq!(x.candidates[0].verification, Verification::Unverified);
    assert_eq!(x.candidates[0].date.unwrap().to_string(), "2025-03", "hearsay is dated to the month");
}

#[test]
fn candidates_become_statements() {
    let text = fixture("readout.txt");
    let x = ingest::extract(&text, &store(), &opts("2025-03-18"));
    let source = Source {
        outlet: "gov.uk".into(),
        published: Some("2025-03-18".parse().unwrap()),
        ..Source::default()
    };
    let c = by(&x, "Keir Starmer")[0];
    let s = c.to_statement(&store(), &source).expect("a complete candidate");
    assert_eq!(s.actor.as_str(), "london");
    assert_eq!(s.source.outlet, "gov.uk");
    assert_eq!(s.positions.len(), c.positions.len());
    let mut st = store();
    let id = s.id;
    st.insert_statement(s);
    assert!(st.validate().iter().all(|p| p.subject != stancebook::model::Subject::Statement(id)));
    // Ingesting the same text again now flags it as already recorded.
    let again = ingest::extract(&text, &st, &opts("2025-03-18"));
    assert!(again.candidates.iter().any(|c| c.duplicate_of == Some(id)));
}

#[test]
fn empty_text_says_so() {
    for t in ["", "   \n\n\t  "] {
        let x = ingest::extract(t, &store(), &opts("2025-03-13"));
        assert!(x.candidates.is_empty());
        assert!(x.message.as_deref().unwrap().contains("empty"));
    }
}

#[test]
fn binary_data_says_so() {
    let bytes: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 256) as u8).collect();
    let text = String::from_utf8_lossy(&bytes);
    let x = ingest::extract(&text, &store(), &opts("2025-03-13"));
    assert!(x.candidates.is_empty());
    assert!(x.message.as_deref().unwrap().contains("binary"), "{:?}", x.message);
}

#[test]
fn text_without_statements_says_so() {
    let text = "The weather in Kyiv was mild.\nTrains ran on time across the region.\n";
    let x = ingest::extract(text, &store(), &opts("2025-03-13"));
    assert!(x.candidates.is_empty());
    assert!(x.message.as_deref().unwrap().contains("no attributable statements"));
    assert_eq!(x.sentences.len(), 2);
}

#[test]
fn unbalanced_quotes_do_not_swallow_the_text() {
    let text = "“The talks are over, Peskov said.\nZelensky said Ukraine was ready for a ceasefire.\n\"Another one\n";
    let x = ingest::extract(text, &store(), &opts("2025-03-13"));
    well_formed(text, &x);
    assert!(by(&x, "Volodymyr Zelensky").iter().any(|c| c.line == 2));
}

#[test]
fn a_ten_megabyte_text_is_read_without_trouble() {
    let unit = fixture("wire_story.txt");
    let mut text = String::with_capacity(10 << 20);
    while text.len() < 10 << 20 {
        text.push_str(&unit);
        text.push('\n');
    }
    let x = ingest::extract(&text, &store(), &opts("2025-04-02"));
    assert!(x.candidates.len() > 1000);
    let last = x.candidates.last().unwrap();
    assert!(text.get(last.span.clone()).is_some());
    // One long line with no breaks and an unclosed quote, too.
    let one_line = format!("“{}", "Peskov said a truce was pointless, and ".repeat(250_000));
    let y = ingest::extract(&one_line, &store(), &opts("2025-04-02"));
    well_formed(&one_line, &y);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn any_text_is_safe(text in "\\PC{0,400}") {
        let x = ingest::extract(&text, &store(), &opts("2025-03-13"));
        well_formed(&text, &x);
    }

    #[test]
    fn any_html_is_safe(text in "(\\PC|<p>|</p>|&amp;|&#x41;|&|;|<script>|é|Ж){0,200}") {
        let plain = ingest::html_to_text(&text);
        let x = ingest::extract(&plain, &store(), &opts("2025-03-13"));
        well_formed(&plain, &x);
    }

    #[test]
    fn any_bytes_are_safe(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let text = String::from_utf8_lossy(&bytes);
        let x = ingest::extract(&text, &store(), &opts("2025-03-13"));
        well_formed(&text, &x);
    }

    #[test]
    fn news_like_text_is_safe(parts in proptest::collection::vec(prop_oneof![
        Just("Peskov said"), Just("“"), Just("”"), Just("\""), Just("'"), Just("‘"), Just("’s"), Just("."),
        Just(","), Just("\n"), Just("\n\n"), Just("the Kremlin"), Just("ceasefire"), Just("on Monday"),
        Just("Zelensky"), Just("according to"), Just("two days after"), Just("Mr."), Just("—"), Just("«"),
        Just("»"), Just("Зеленський"), Just("he added"), Just("Russia's foreign ministry"), Just("?"),
        Just("in September 2022"), Just("last summer"), Just(" "), Just("é"), Just("🙂"),
        Just("will meet"), Just("met"), Just("summit"), Just("talks in Istanbul"), Just("Trump"),
        Just("spoke by phone with"), Just("Putin"), Just("next Friday"), Just("23–25 March"),
        Just("a three-day truce"), Just("• Monday:"), Just("called"), Just("visit Moscow"),
    ], 0..80)) {
        let text: String = parts.concat();
        let x = ingest::extract(&text, &store(), &opts("2025-03-13"));
        well_formed(&text, &x);
    }
}

#[test]
fn transcript_turns_are_the_speakers_words_and_questions_are_nobodys() {
    let text = fixture("transcript.txt");
    let x = ingest::extract(&text, &store(), &opts("2025-03-12"));
    well_formed(&text, &x);
    let p = by(&x, "Dmitry Peskov");
    assert!(!p.is_empty(), "{:#?}", x.candidates);
    for c in &p {
        assert_eq!(c.actor.as_ref().unwrap().as_str(), "kremlin");
        assert_eq!(c.verification, Verification::Confirmed, "a briefing is on the record");
        assert!(!c.paraphrase, "a turn is the speaker's own words: {c:#?}");
        assert!(!c.quote.contains("PESKOV"), "the label is not part of the quote: {}", c.quote);
        assert_eq!(c.date.unwrap().to_string(), "2025-03-12");
    }
    let troops = p.iter().find(|c| stance(c, "troops").is_some()).expect("the answer on peacekeepers");
    assert!(stance(troops, "troops").unwrap() < 0, "“absolutely unacceptable”");
    assert_eq!(troops.line, 7);
    // The reporter's questions are nobody's statement, and the moderator says nothing.
    assert!(x.candidates.iter().all(|c| !c.quote.contains("What is the Kremlin's reaction")));
    assert!(x.candidates.iter().all(|c| !c.quote.contains("Would Moscow agree")));
    assert!(x.candidates.iter().all(|c| !c.quote.contains("Thank you, colleagues")));
    // What a question reports is kept, without the label.
    assert!(x.candidates.iter().all(|c| !c.quote.starts_with("QUESTION")), "{:#?}", x.candidates);
}

#[test]
fn names_in_another_transliteration_are_the_store_speakers() {
    let text = "Zelenskyi said on Tuesday that Ukraine needed more air defence systems from its partners.\n\n\
                Polish Foreign Minister Radoslav Sikorskyi said new sanctions against Russia were needed.\n\n\
                Robert Rubin, a former treasury official, said the sanctions would bite.";
    let x = ingest::extract(text, &store(), &opts("2025-09-11"));
    well_formed(text, &x);
    let z = by(&x, "Volodymyr Zelensky");
    assert_eq!(z.len(), 1, "{:#?}", x.candidates);
    assert_eq!(z[0].actor.as_ref().unwrap().as_str(), "kyiv");
    let s = by(&x, "Radosław Sikorski");
    assert_eq!(s.len(), 1, "{:#?}", x.candidates);
    assert_eq!(s[0].actor.as_ref().unwrap().as_str(), "warsaw");
    // A name one letter from a speaker's is somebody else.
    assert!(by(&x, "Marco Rubio").is_empty(), "{:#?}", x.candidates);
}

#[test]
fn two_named_people_of_one_actor_make_two_statements() {
    // Under a headline in the institution's name, the spokesman's words and
    // the spokeswoman's: each her or his own, with their own date.
    let text = "Kremlin: foreign troops “can in no way” guarantee Ukraine’s security\n\n\
                The Kremlin spokesman, Dmitry Peskov, told reporters this afternoon that European contingents \
                “can in no way” guarantee Ukraine’s security.\n\n\
                Maria Zakharova said yesterday that any foreign military presence in Ukraine was “categorically unacceptable”.";
    let x = ingest::extract(text, &store(), &opts("2025-09-05"));
    well_formed(text, &x);
    let p = by(&x, "Dmitry Peskov");
    let z = by(&x, "Maria Zakharova");
    assert_eq!((p.len(), z.len()), (1, 1), "{:#?}", x.candidates);
    assert_eq!(z[0].date.unwrap().to_string(), "2025-09-04");
    assert_eq!(stance(z[0], "troops"), Some(-2));
    assert!(stance(p[0], "security_guarantees").is_some_and(|v| v < 0), "“can in no way”: {:#?}", p[0]);
}

/// Ingest fills each topic's evidence with the clause that carried its cue:
/// words of the candidate's quote, so that an accepted statement cites each
/// position with its own words (issue 11).
#[test]
fn each_topic_of_a_candidate_carries_the_words_that_raised_it() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/seeds/000_7223d8e20457a40a.txt"
    ))
    .expect("the live blog of 13 March 2025 in ../shared/seeds");
    let store = store();
    let x = ingest::extract(&text, &store, &opts("2025-03-13"));
    let mut with_evidence = 0;
    let mut multi = 0;
    for c in &x.candidates {
        for p in &c.positions {
            if p.evidence.is_empty() {
                continue;
            }
            with_evidence += 1;
            if !c.paraphrase {
                assert!(
                    c.quote.contains(p.evidence.as_str()),
                    "{:?} is not words of {:?}",
                    p.evidence,
                    c.quote
                );
            }
            assert!(p.evidence.split_whitespace().count() <= c.quote.split_whitespace().count().max(1));
        }
        let words: Vec<&str> =
            c.positions.iter().map(|p| p.evidence.as_str()).filter(|e| !e.is_empty()).collect();
        if words.len() > 1 {
            multi += 1;
        }
        // Accepted, the candidate's positions keep that evidence, and the statement is valid.
        let source = Source { outlet: "The Times".into(), ..Source::default() };
        let draft = c.to_draft(&store, &source);
        for (p, d) in c.positions.iter().zip(&draft.positions) {
            if c.quote.contains(p.evidence.as_str()) && !p.evidence.is_empty() {
                assert_eq!(d.excerpt, p.evidence.trim());
            }
        }
    }
    assert!(with_evidence >= 10, "{with_evidence} topics with evidence");
    assert!(multi >= 1, "some candidate has evidence for two topics");
}
