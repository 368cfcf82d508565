//! What ingest knows, built from the store: its speakers (names, aliases,
//! roles), its actors' names, the built-in gazetteer of institutions and
//! capitals (`data/ingest_gazetteer.tsv`, kept only for actors that exist in
//! the store) and the topics' keywords. Also the phrase matcher used on words.

use std::collections::HashMap;

use super::text::{Token, stem, tokenize};
use crate::model::{ActorId, Meaning, Store, fold_phrase};
use crate::search::fold::edit_distance;

/// The built-in gazetteer: phrase, actor id (or `-`), kind.
pub const GAZETTEER: &str = include_str!("../../data/ingest_gazetteer.tsv");

/// What a gazetteer phrase names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PlaceKind {
    /// An institution ("the Kremlin", "the White House"): can speak.
    Institution,
    /// A capital standing for its government ("Moscow would…").
    Capital,
    /// A country: a subject, or a qualifier ("Russia's foreign ministry").
    Country,
    /// An adjective of a country: only a qualifier ("the Russian defence ministry").
    Demonym,
    /// A news organisation: reports, never speaks for an actor.
    Outlet,
}

/// What a phrase in the lexicon refers to.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Entry {
    /// A speaker of the store: (actor index, speaker index).
    Speaker(usize, usize),
    /// A role; the speakers who hold it.
    Role(Vec<(usize, usize)>),
    /// A place or institution of the gazetteer or an actor's own name.
    Place(Option<usize>, PlaceKind),
}

/// A phrase as words, with per-word case rules.
#[derive(Clone, Debug)]
pub(crate) struct Phrase {
    pub words: Vec<String>,
    /// For each word: 0 any case, 1 must start upper-case, 2 must be all capitals.
    pub case: Vec<u8>,
    pub entry: Entry,
}

/// Single words that may stand for a role's head ("spokesman", "spokeswoman").
fn normalise_role_word(w: &str) -> &str {
    match w {
        "spokesman" | "spokeswoman" | "spokesperson" | "spokespeople" => "spokesperson",
        "defense" => "defence",
        "adviser" | "advisor" => "adviser",
        _ => w,
    }
}

/// A topic's keywords, ready for matching on stems.
#[derive(Clone, Debug)]
pub(crate) struct TopicKeys {
    /// Index of the topic in the store.
    pub topic: usize,
    pub keys: Vec<Keyword>,
    /// Actors whose place the proposition names ("troops … deployed in
    /// Ukraine": Kyiv): their own armed forces are not what the topic is about.
    pub own: Vec<usize>,
}

/// One keyword of a topic.
#[derive(Clone, Debug)]
pub(crate) struct Keyword {
    pub stems: Vec<String>,
    pub lowers: Vec<String>,
    /// How much one match counts towards the topic.
    pub weight: f32,
    /// Taught by an analyst (the store's lexicon), not one of the topic's keywords.
    pub learned: bool,
}

/// A phrase an analyst taught to take a stance on a topic.
#[derive(Clone, Debug)]
pub(crate) struct LearnedStance {
    /// Index of the topic in the store (and in [`Lexicon::topics`]).
    pub topic: usize,
    /// The phrase as words, matched like a keyword.
    pub key: Keyword,
    /// The stance it takes.
    pub stance: i8,
}

/// A keyword from a phrase, or none when it has no words.
fn keyword(phrase: &str, weight: f32, learned: bool) -> Option<Keyword> {
    let ws = words_of(phrase);
    if ws.is_empty() {
        return None;
    }
    let lowers: Vec<String> = ws.iter().map(|(w, _)| w.clone()).collect();
    let stems: Vec<String> = lowers.iter().map(|w| stem(w)).collect();
    Some(Keyword { stems, lowers, weight, learned })
}

/// Everything ingest matches against, built once per extraction.
pub(crate) struct Lexicon {
    pub phrases: Vec<Phrase>,
    by_first: HashMap<String, Vec<usize>>,
    /// Cyrillic phrases by the first four letters of their first word, for inflected forms.
    by_prefix: HashMap<String, Vec<usize>>,
    /// Speakers' names by their first word in [`translit_fold`] form, for
    /// spellings of another transliteration ("Zelenskyi", "Sikorskyi").
    by_fold: HashMap<String, Vec<usize>>,
    pub topics: Vec<TopicKeys>,
    /// Keywords by their first word's stem (or the word itself, for short
    /// words): (topic index in `topics`, keyword index).
    key_index: HashMap<String, Vec<(usize, usize)>>,
    /// Speakers' surnames (lower case) and first names, for spellings the
    /// store does not list ("Zelenskiy" for "Zelensky").
    surnames: Vec<(String, String, (usize, usize))>,
    /// Phrases analysts taught to take a stance on a topic.
    pub stances: Vec<LearnedStance>,
}

fn words_of(phrase: &str) -> Vec<(String, u8)> {
    tokenize(phrase, 0..phrase.len(), &[])
        .into_iter()
        .filter(|t| t.word)
        .map(|t| {
            let raw = &phrase[t.range.clone()];
            let alpha: Vec<char> = raw.chars().filter(|c| c.is_alphabetic()).collect();
            let case = if alpha.len() >= 2 && alpha.iter().all(|c| c.is_uppercase()) {
                2
            } else if t.cap {
                1
            } else {
                0
            };
            (t.lower, case)
        })
        .collect()
}

/// A Latin-script name in a form shared by its usual transliterations:
/// Polish and Czech letters without their marks, `ł` as `l`, `w` as `v`,
/// `kh` as `h`, `ts` before `k` as `c`, and the endings `-yi`, `-iy`, `-yy`,
/// `-ij`, `-y` as `-i` ("Zelenskyi", "Zelenskyy", "Zelensky" → "zelenski";
/// "Sikorskyi", "Sikorski" → "sikorski"; "Radosław", "Radoslav" → "radoslav").
/// Expects lower case.
pub(crate) fn translit_fold(w: &str) -> String {
    let mut out: String = w
        .chars()
        .map(|c| match c {
            'ł' => 'l',
            'w' => 'v',
            'ą' | 'á' | 'ä' | 'à' => 'a',
            'ę' | 'é' | 'è' | 'ě' | 'ë' => 'e',
            'ó' | 'ö' | 'ô' => 'o',
            'ś' | 'š' => 's',
            'ć' | 'č' => 'c',
            'ń' | 'ň' => 'n',
            'ź' | 'ż' | 'ž' => 'z',
            'í' | 'ï' => 'i',
            'ú' | 'ü' | 'ů' => 'u',
            'ř' => 'r',
            'ý' => 'y',
            c => c,
        })
        .collect();
    out = out.replace("kh", "h").replace("tsk", "ck");
    for ending in ["yi", "iy", "yy", "ij", "ii", "y"] {
        if let Some(stem) = out.strip_suffix(ending)
            && stem.chars().count() >= 3
        {
            out = format!("{stem}i");
            break;
        }
    }
    out
}

fn is_cyrillic(s: &str) -> bool {
    s.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c))
}

/// Whether a text word matches a phrase word (Cyrillic names also in their
/// inflected forms: "Зеленського" for "Зеленський").
pub(crate) fn word_matches(text: &Token, word: &str, case: u8) -> bool {
    match case {
        2 if text.lower != word || !text.cap => return false,
        1 if !text.cap => return false,
        _ => {}
    }
    if case == 2 {
        // All capitals: the raw text must be all capitals too ("US", not "us").
        return true;
    }
    if text.lower == word {
        return true;
    }
    if is_cyrillic(word) {
        // Inflected forms change the ending: "Зеленський" → "Зеленського", "Песков" → "Пескова".
        let stem = word.trim_end_matches(['й', 'ь', 'а', 'я', 'о', 'е', 'и', 'і', 'ы', 'у', 'ю', 'є', 'ї']);
        let (n, tn) = (stem.chars().count(), text.lower.chars().count());
        return n >= 3 && text.lower.starts_with(stem) && tn <= n + 4;
    }
    false
}

/// Adds `text` as a phrase for `entry` (a role's words normalised and matched in any case).
fn add_phrase(phrases: &mut Vec<Phrase>, text: &str, entry: Entry, role: bool) {
    let ws = words_of(text);
    if ws.is_empty() {
        return;
    }
    let (mut words, mut case): (Vec<String>, Vec<u8>) = ws.into_iter().unzip();
    if role {
        words = words.iter().map(|w| normalise_role_word(w).to_owned()).collect();
        case = case.iter().map(|c| if *c == 1 { 0 } else { *c }).collect();
    }
    phrases.push(Phrase { words, case, entry });
}

/// The store's names: actors, speakers and their aliases, a speaker's
/// surname alone when no other speaker shares it, and roles.
fn name_phrases(store: &Store) -> Vec<Phrase> {
    let mut phrases: Vec<Phrase> = Vec::new();
    let mut roles: HashMap<Vec<String>, Vec<(usize, usize)>> = HashMap::new();
    let mut role_text: HashMap<Vec<String>, String> = HashMap::new();
    let mut surname_count: HashMap<String, usize> = HashMap::new();
    for a in &store.actors {
        for s in &a.speakers {
            if let Some(last) = s.name.split_whitespace().last() {
                *surname_count.entry(last.to_lowercase()).or_default() += 1;
            }
        }
    }
    for (ai, a) in store.actors.iter().enumerate() {
        add_phrase(&mut phrases, &a.name, Entry::Place(Some(ai), PlaceKind::Institution), false);
        for (si, s) in a.speakers.iter().enumerate() {
            add_phrase(&mut phrases, &s.name, Entry::Speaker(ai, si), false);
            for alias in &s.aliases {
                // A lower-case alias ("Czech president") is a role-like
                // description, matched case-insensitively.
                add_phrase(&mut phrases, alias, Entry::Speaker(ai, si), false);
            }
            // The surname alone ("Zakharova"), when no other speaker shares it.
            let parts: Vec<&str> = s.name.split_whitespace().collect();
            if parts.len() >= 2
                && let Some(last) = parts.last()
                && last.chars().next().is_some_and(char::is_uppercase)
                && last.chars().count() >= 4
                && surname_count.get(&last.to_lowercase()) == Some(&1)
            {
                add_phrase(&mut phrases, last, Entry::Speaker(ai, si), false);
            }
            let role = s.role.trim();
            if !role.is_empty() {
                let ws: Vec<String> =
                    words_of(role).into_iter().map(|(w, _)| normalise_role_word(&w).to_owned()).collect();
                if !ws.is_empty() {
                    roles.entry(ws.clone()).or_default().push((ai, si));
                    role_text.insert(ws, role.to_owned());
                }
            }
        }
    }
    for (words, holders) in roles {
        let text = role_text.get(&words).cloned().unwrap_or_default();
        add_phrase(&mut phrases, &text, Entry::Role(holders), true);
    }
    learned_names(store, &mut phrases);
    phrases
}

/// Name forms analysts taught: one for a speaker of the store names them;
/// one for an actor ("the Élysée") speaks for it like an institution.
fn learned_names(store: &Store, phrases: &mut Vec<Phrase>) {
    let actor_index = |id: &ActorId| store.actors.iter().position(|a| &a.id == id);
    for l in &store.lexicon {
        let entry = match &l.means {
            Meaning::Speaker { name, actor } => {
                let Some(ai) = actor_index(actor) else { continue };
                let folded = fold_phrase(name);
                // Someone the store does not list is found as any quoted
                // person is, and given the taught name and actor afterwards.
                match store.actors[ai].speakers.iter().position(|s| fold_phrase(&s.name) == folded) {
                    Some(si) => Entry::Speaker(ai, si),
                    None => continue,
                }
            }
            Meaning::Actor(actor) => match actor_index(actor) {
                Some(ai) => Entry::Place(Some(ai), PlaceKind::Institution),
                None => continue,
            },
            Meaning::Topic(_) | Meaning::Stance { .. } => continue,
        };
        add_phrase(phrases, &l.phrase, entry, false);
    }
}

/// The stance phrases analysts taught, for topics the store has.
fn learned_stances(store: &Store) -> Vec<LearnedStance> {
    store
        .lexicon
        .iter()
        .filter_map(|l| match &l.means {
            Meaning::Stance { topic, stance } => Some(LearnedStance {
                topic: store.topics.iter().position(|t| &t.id == topic)?,
                key: keyword(&l.phrase, 0.0, true)?,
                stance: stance.value(),
            }),
            _ => None,
        })
        .collect()
}

/// The gazetteer's institutions, capitals, countries, demonyms and outlets
/// (those of actors this store has).
fn gazetteer_phrases(store: &Store, phrases: &mut Vec<Phrase>) {
    for line in GAZETTEER.lines() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let [phrase, actor, kind] = cols.as_slice() else { continue };
        let kind = match *kind {
            "institution" => PlaceKind::Institution,
            "capital" => PlaceKind::Capital,
            "country" => PlaceKind::Country,
            "demonym" => PlaceKind::Demonym,
            "outlet" => PlaceKind::Outlet,
            _ => continue,
        };
        let actor_index = if *actor == "-" {
            None
        } else {
            match store.actors.iter().position(|a| a.id.as_str() == *actor) {
                Some(i) => Some(i),
                None => continue, // not in this store: ignored
            }
        };
        if kind != PlaceKind::Outlet && actor_index.is_none() {
            continue;
        }
        add_phrase(phrases, phrase, Entry::Place(actor_index, kind), false);
        // "the Russians agreed", "the Ukrainians want": the people of a
        // country, in the plural, speak for it as the country does.
        if kind == PlaceKind::Demonym && !phrase.contains(' ') && phrase.ends_with('n') {
            add_phrase(phrases, &format!("{phrase}s"), Entry::Place(actor_index, PlaceKind::Country), false);
        }
    }
}

/// Phrase indices by a key (`None`: not indexed), longest phrases first so the longest match wins.
fn index_phrases(phrases: &[Phrase], key: impl Fn(&Phrase) -> Option<String>) -> HashMap<String, Vec<usize>> {
    let mut by: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, p) in phrases.iter().enumerate() {
        if let Some(k) = key(p) {
            by.entry(k).or_default().push(i);
        }
    }
    for v in by.values_mut() {
        v.sort_by_key(|&i| std::cmp::Reverse(phrases[i].words.len()));
    }
    by
}

/// Each topic's keywords, weighted (phrases and the topic's own name count
/// most; a word its proposition uses counts more than a loose association; a
/// proper name alone, a region or an actor, least), and the actors whose
/// place its proposition names.
fn topic_keys(store: &Store, phrases: &[Phrase]) -> Vec<TopicKeys> {
    let actor_words: Vec<String> = phrases
        .iter()
        .filter(|p| matches!(p.entry, Entry::Place(..)) && p.words.len() == 1)
        .map(|p| p.words[0].clone())
        .collect();
    store
        .topics
        .iter()
        .enumerate()
        .map(|(ti, t)| {
            let name_stems: Vec<String> = words_of(&t.name).into_iter().map(|(w, _)| stem(&w)).collect();
            let proposition_stems: Vec<String> =
                words_of(&t.proposition).into_iter().map(|(w, _)| stem(&w)).collect();
            let mut keys: Vec<Keyword> = Vec::new();
            for k in &t.keywords {
                let ws = words_of(k);
                if ws.is_empty() {
                    continue;
                }
                let lowers: Vec<String> = ws.iter().map(|(w, _)| w.clone()).collect();
                let stems: Vec<String> = lowers.iter().map(|w| stem(w)).collect();
                if keys.iter().any(|x| x.stems == stems) {
                    continue;
                }
                let proper = ws.iter().all(|(_, c)| *c > 0);
                let names_actor = lowers.len() == 1 && actor_words.contains(&lowers[0]);
                let weight = if names_actor || (proper && lowers.len() == 1) {
                    0.5
                } else if lowers.len() > 1 || name_stems.contains(&stems[0]) {
                    2.0
                } else if proposition_stems.contains(&stems[0]) {
                    1.5
                } else {
                    1.0
                };
                keys.push(Keyword { stems, lowers, weight, learned: false });
            }
            // Phrases analysts taught for this topic count as a loose keyword
            // (one already a keyword of the topic stays as it is).
            for l in &store.lexicon {
                if let Meaning::Topic(id) = &l.means
                    && *id == t.id
                    && let Some(k) = keyword(&l.phrase, 1.0, true)
                    && !keys.iter().any(|x| x.stems == k.stems)
                {
                    keys.push(k);
                }
            }
            let prop_words: Vec<String> = words_of(&t.proposition).into_iter().map(|(w, _)| w).collect();
            let mut own: Vec<usize> = phrases
                .iter()
                .filter_map(|p| match p.entry {
                    Entry::Place(Some(a), _) => {
                        let n = p.words.len();
                        (n > 0 && prop_words.windows(n).any(|w| w == p.words.as_slice())).then_some(a)
                    }
                    _ => None,
                })
                .collect();
            own.sort_unstable();
            own.dedup();
            TopicKeys { topic: ti, keys, own }
        })
        .collect()
}

impl Lexicon {
    /// Builds the lexicon from the store's actors, speakers and topics and the gazetteer.
    pub fn new(store: &Store) -> Self {
        let mut phrases = name_phrases(store);
        gazetteer_phrases(store, &mut phrases);
        let by_first = index_phrases(&phrases, |p| Some(p.words[0].clone()));
        let by_prefix = index_phrases(&phrases, |p| {
            (is_cyrillic(&p.words[0]) && p.words[0].chars().count() >= 4)
                .then(|| p.words[0].chars().take(4).collect())
        });
        let topics = topic_keys(store, &phrases);
        let mut key_index: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
        for (ti, tk) in topics.iter().enumerate() {
            for (ki, k) in tk.keys.iter().enumerate() {
                let first = &k.lowers[0];
                let key = if first.chars().count() <= 4 || !first.is_ascii() {
                    first.clone()
                } else {
                    k.stems[0].clone()
                };
                key_index.entry(key).or_default().push((ti, ki));
            }
        }
        let mut surnames = Vec::new();
        for (ai, a) in store.actors.iter().enumerate() {
            for (si, sp) in a.speakers.iter().enumerate() {
                let parts: Vec<String> = sp.name.split_whitespace().map(str::to_lowercase).collect();
                if let [first, .., last] = parts.as_slice()
                    && last.chars().count() >= 5
                {
                    surnames.push((last.clone(), first.clone(), (ai, si)));
                }
            }
        }
        let by_fold = index_phrases(&phrases, |p| {
            (matches!(p.entry, Entry::Speaker(..)) && p.case[0] == 1 && p.words[0].chars().count() >= 4)
                .then(|| translit_fold(&p.words[0]))
        });
        let stances = learned_stances(store);
        Lexicon { phrases, by_first, by_prefix, by_fold, topics, key_index, surnames, stances }
    }

    /// The store speaker whose surname is spelled nearly like `surname` (one
    /// letter off, two for long names), if exactly one is; `first` must then
    /// match their first name when given.
    pub fn speaker_by_spelling(&self, first: Option<&str>, surname: &str) -> Option<(usize, usize)> {
        let n = surname.chars().count();
        if n < 5 {
            return None;
        }
        let max = if n >= 9 { 2 } else { 1 };
        let mut found = self.surnames.iter().filter(|(last, f, _)| {
            let d = edit_distance(last, surname);
            // A first name in another transliteration ("Vladimir" for
            // "Volodymyr", "Sergey" for "Sergei") still names the speaker
            // when the surname is spelled exactly and the initial agrees.
            last.chars().next() == surname.chars().next()
                && d <= max
                && first.is_none_or(|x| {
                    edit_distance(x, f) <= 1
                        || (d == 0 && x.chars().next() == f.chars().next() && x.len() >= 3)
                })
        });
        let one = found.next()?;
        found.next().is_none().then_some(one.2)
    }

    /// The keywords (topic, keyword) that may start at a word.
    pub fn keys_for(&self, t: &Token) -> impl Iterator<Item = (usize, usize)> + '_ {
        let a = self.key_index.get(&t.stem);
        let b = if t.stem != t.lower { self.key_index.get(&t.lower) } else { None };
        let c = t.lower.strip_suffix('s').and_then(|w| self.key_index.get(w));
        a.into_iter().chain(b).chain(c).flatten().copied()
    }

    /// The longest phrase matching at word `i` of `tokens` (possessive "'s"
    /// inside a role phrase is skipped: "the Kremlin's spokesman"), with the
    /// index just after it.
    pub fn longest_at(&self, tokens: &[Token], i: usize) -> Option<(usize, usize)> {
        let t = tokens.get(i)?;
        if !t.word {
            return None;
        }
        let first = normalise_role_word(&t.lower);
        let exact = self.by_first.get(first).or_else(|| self.by_first.get(&t.lower));
        let inflected = if is_cyrillic(&t.lower) {
            self.by_prefix.get(&t.lower.chars().take(4).collect::<String>())
        } else {
            None
        };
        // A name in another transliteration: tried after the exact forms.
        let folded = if t.cap && t.lower.chars().count() >= 4 && !is_cyrillic(&t.lower) {
            self.by_fold.get(&translit_fold(&t.lower))
        } else {
            None
        };
        for &pi in exact.into_iter().chain(inflected).chain(folded).flatten() {
            let p = &self.phrases[pi];
            let role = matches!(p.entry, Entry::Role(_));
            let speaker = matches!(p.entry, Entry::Speaker(..));
            let mut j = i;
            let mut ok = true;
            for (w, c) in p.words.iter().zip(&p.case) {
                while role && tokens.get(j).is_some_and(|t| t.lower == "'s") && j > i {
                    j += 1;
                }
                match tokens.get(j) {
                    Some(tok) if tok.word && !tok.quoted => {
                        let matches = if role {
                            normalise_role_word(&tok.lower) == w.as_str()
                        } else {
                            word_matches(tok, w, *c)
                                || (speaker
                                    && *c == 1
                                    && tok.cap
                                    && w.chars().count() >= 4
                                    && translit_fold(&tok.lower) == translit_fold(w))
                        };
                        if !matches {
                            ok = false;
                            break;
                        }
                    }
                    _ => {
                        ok = false;
                        break;
                    }
                }
                j += 1;
            }
            if ok {
                return Some((pi, j));
            }
        }
        None
    }
}

/// A keyword is matched at word `i` when its stems follow there (short words
/// must match exactly, so "arms" does not match "armed").
pub(crate) fn keyword_at(tokens: &[Token], i: usize, k: &Keyword) -> Option<usize> {
    let mut j = i;
    for (s, l) in k.stems.iter().zip(&k.lowers) {
        // Skip a possessive inside a multi-word keyword.
        while tokens.get(j).is_some_and(|t| t.lower == "'s") && j > i {
            j += 1;
        }
        let t = tokens.get(j)?;
        if !t.word {
            return None;
        }
        let ok = if l.chars().count() <= 4 || !l.is_ascii() {
            t.lower == *l || t.lower == format!("{l}s") || (is_cyrillic(l) && t.lower.starts_with(l.as_str()))
        } else {
            t.stem == *s
        };
        if !ok {
            return None;
        }
        j += 1;
    }
    Some(j)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::sample;

    #[test]
    fn gazetteer_names_only_actors_of_the_sample() {
        let store = sample();
        for line in GAZETTEER.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
            let cols: Vec<&str> = line.split('\t').collect();
            assert_eq!(cols.len(), 3, "{line}");
            assert!(
                cols[1] == "-" || store.actors.iter().any(|a| a.id.as_str() == cols[1]),
                "gazetteer actor `{}` is not in the sample store",
                cols[1]
            );
        }
    }

    #[test]
    fn phrases_match_case_rules() {
        let store = sample();
        let lex = Lexicon::new(&store);
        let t = "let us see the US and Зеленського";
        let toks = tokenize(t, 0..t.len(), &[]);
        assert!(lex.longest_at(&toks, 1).is_none(), "`us` is not the US");
        let (p, _) = lex.longest_at(&toks, 4).expect("US");
        assert!(matches!(lex.phrases[p].entry, Entry::Place(Some(_), PlaceKind::Country)));
        let (p, _) = lex.longest_at(&toks, 6).expect("inflected Cyrillic name");
        assert!(matches!(lex.phrases[p].entry, Entry::Speaker(..)));
    }
}
