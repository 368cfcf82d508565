//! Synthetic stores for benchmarks and tests: deterministic, realistic
//! statements (actors with speakers and aliases, every sample topic, quotes of
//! 8–60 words naming people and places, three years of dates, a mix of kinds,
//! verifications, outlets, tags and notes).
//!
//! The same `(statements, seed)` always gives the same store, and so (through
//! [`crate::store::format::to_text`]) byte-identical text: the generator uses
//! its own small PRNG (SplitMix64), whose output never changes with a
//! dependency's version, and never iterates a hash map.

use chrono::{Duration, NaiveDate, NaiveTime};

use crate::model::{
    Actor, ActorId, ActorKind, Color, Credibility, Kind, PartialDate, Position, Reliability, Source, Speaker,
    Stance, Statement, StatementId, Store, Timestamp, TopicId, Verification,
};
use crate::store;

/// The seed `gen` uses when none is given.
pub const DEFAULT_SEED: u64 = 2025;

/// A small deterministic PRNG (SplitMix64). Stable across versions by construction.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        Rng(seed ^ 0x5DEE_CE66_D1CE_4E5B)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { ((self.next_u64() >> 11) % n as u64) as usize }
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi.saturating_sub(lo) + 1)
    }

    /// True with probability `p` (0.0–1.0).
    pub fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64) < p * (1u64 << 53) as f64
    }

    /// One element of a non-empty slice.
    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

/// Speakers of the actors added to the sample's: (id, name, kind, colour, speakers as (name, role, aliases)).
type ActorSpec = (
    &'static str,
    &'static str,
    ActorKind,
    &'static str,
    &'static [(&'static str, &'static str, &'static [&'static str])],
);

const EXTRA_ACTORS: &[ActorSpec] = &[
    (
        "ankara",
        "Ankara",
        ActorKind::State,
        "#b03a2e",
        &[
            ("Recep Tayyip Erdoğan", "president", &["Erdogan", "Erdoğan", "President Erdogan"]),
            ("Hakan Fidan", "foreign minister", &["Fidan"]),
        ],
    ),
    (
        "beijing",
        "Beijing",
        ActorKind::State,
        "#cc2936",
        &[
            ("Xi Jinping", "president", &["Xi", "President Xi"]),
            ("Wang Yi", "foreign minister", &["Wang"]),
            ("Lin Jian", "foreign ministry spokesman", &["Lin"]),
        ],
    ),
    (
        "budapest",
        "Budapest",
        ActorKind::State,
        "#3c8d2f",
        &[
            ("Viktor Orbán", "prime minister", &["Orban", "Orbán", "Viktor Orban"]),
            ("Péter Szijjártó", "foreign minister", &["Szijjarto", "Szijjártó", "Peter Szijjarto"]),
        ],
    ),
    (
        "rome",
        "Rome",
        ActorKind::State,
        "#2c7a7b",
        &[
            ("Giorgia Meloni", "prime minister", &["Meloni"]),
            ("Antonio Tajani", "foreign minister", &["Tajani"]),
        ],
    ),
    (
        "ottawa",
        "Ottawa",
        ActorKind::State,
        "#d35400",
        &[
            ("Mark Carney", "prime minister", &["Carney"]),
            ("Mélanie Joly", "foreign minister", &["Melanie Joly", "Joly"]),
        ],
    ),
    (
        "tokyo",
        "Tokyo",
        ActorKind::State,
        "#e84393",
        &[
            ("Shigeru Ishiba", "prime minister", &["Ishiba"]),
            ("Takeshi Iwaya", "foreign minister", &["Iwaya"]),
        ],
    ),
    (
        "vilnius",
        "Vilnius",
        ActorKind::State,
        "#f1c40f",
        &[
            ("Gitanas Nausėda", "president", &["Nauseda", "Nausėda"]),
            ("Kęstutis Budrys", "foreign minister", &["Budrys", "Kestutis Budrys"]),
        ],
    ),
    (
        "tallinn",
        "Tallinn",
        ActorKind::State,
        "#0984e3",
        &[("Alar Karis", "president", &["Karis"]), ("Margus Tsahkna", "foreign minister", &["Tsahkna"])],
    ),
    (
        "delhi",
        "New Delhi",
        ActorKind::State,
        "#ff9f43",
        &[
            ("Narendra Modi", "prime minister", &["Modi"]),
            ("Subrahmanyam Jaishankar", "external affairs minister", &["Jaishankar", "S. Jaishankar"]),
        ],
    ),
    (
        "riyadh",
        "Riyadh",
        ActorKind::State,
        "#10ac84",
        &[
            ("Mohammed bin Salman", "crown prince", &["MBS", "bin Salman"]),
            ("Faisal bin Farhan", "foreign minister", &["Prince Faisal"]),
        ],
    ),
    (
        "minsk",
        "Minsk",
        ActorKind::State,
        "#576574",
        &[(
            "Alexander Lukashenko",
            "president",
            &["Lukashenko", "Aliaksandr Lukashenka", "Александр Лукашенко", "Лукашенко"],
        )],
    ),
    (
        "vatican",
        "Holy See",
        ActorKind::Other,
        "#c8a951",
        &[
            ("Pope Leo XIV", "pope", &["Leo XIV", "the Pope"]),
            ("Pietro Parolin", "secretary of state", &["Parolin", "Cardinal Parolin"]),
        ],
    ),
    ("g7", "G7", ActorKind::Coalition, "#6c5ce7", &[]),
    ("willing", "Coalition of the willing", ActorKind::Coalition, "#00b894", &[]),
];

const PLACES: &[&str] = &[
    "Sudzha",
    "Kursk",
    "the Kursk region",
    "Donetsk",
    "Luhansk",
    "the Donbas",
    "Zaporizhzhia",
    "Kherson",
    "Crimea",
    "Sevastopol",
    "Pokrovsk",
    "Bakhmut",
    "Avdiivka",
    "Kramatorsk",
    "Sloviansk",
    "Chasiv Yar",
    "Kupiansk",
    "Kharkiv",
    "Odesa",
    "Mykolaiv",
    "Mariupol",
    "Melitopol",
    "Enerhodar",
    "the Black Sea",
    "the Sea of Azov",
    "the Dnipro",
    "Belgorod",
    "Bryansk",
    "Kyiv",
    "Moscow",
    "Riyadh",
    "Jeddah",
    "Istanbul",
    "Geneva",
    "Anchorage",
    "Alaska",
    "Brussels",
    "The Hague",
    "Munich",
    "Paris",
    "London",
    "Warsaw",
    "Rzeszów",
    "Helsinki",
    "Vilnius",
    "Minsk",
    "Budapest",
    "Ankara",
    "Beijing",
    "Washington",
    "Lviv",
    "Dnipro",
    "Sumy",
    "Chernihiv",
    "Snake Island",
    "the Zaporizhzhia nuclear plant",
    "the Kerch bridge",
    "Transnistria",
    "Tallinn",
    "Narva",
];

const OPENERS: &[&str] = &[
    "Russia",
    "Ukraine",
    "Europe",
    "The president",
    "The Kremlin",
    "Kyiv",
    "Washington",
    "The coalition",
    "Our government",
    "Moscow",
    "The alliance",
    "Nobody",
    "The United States",
    "This government",
    "The negotiating team",
    "Our delegation",
    "The foreign ministry",
    "The administration",
    "London",
    "Paris",
    "Berlin",
    "Beijing",
    "Ankara",
    "The European Union",
    "The secretary general",
    "The prime minister",
];

const SUPPORT: &[&str] = &[
    "fully supports",
    "will back",
    "insists on",
    "calls for",
    "is ready to accept",
    "welcomes",
    "stands behind",
    "wants to see",
    "will work for",
    "has proposed",
    "is pushing for",
    "strongly endorses",
];

const CONDITIONAL: &[&str] = &[
    "could accept",
    "is open to",
    "would consider",
    "may support",
    "will not rule out",
    "is prepared to discuss",
];

const NEUTRAL: &[&str] = &[
    "is studying",
    "has taken note of",
    "will look carefully at",
    "has questions about",
    "is still assessing",
    "has no comment on",
];

const OPPOSE: &[&str] = &[
    "rejects",
    "will never accept",
    "opposes",
    "cannot agree to",
    "warns against",
    "refuses",
    "has ruled out",
    "sees no place for",
    "categorically rejects",
    "will not tolerate",
];

/// What a statement can be about, per topic (in the sample's topic order).
const OBJECTS: &[(&str, &[&str])] = &[
    (
        "ceasefire",
        &[
            "a 30-day ceasefire",
            "an unconditional truce",
            "a halt to strikes on energy infrastructure",
            "a pause in the fighting along the line of contact",
            "a ceasefire in the Black Sea",
            "an Easter truce",
            "a full and immediate ceasefire",
            "a partial truce",
            "an end to hostilities before the talks",
        ],
    ),
    (
        "territory",
        &[
            "any cession of territory",
            "the withdrawal of Ukrainian forces from the four regions",
            "recognition of Crimea as Russian",
            "a freeze along the current line of contact",
            "territorial concessions",
            "the return of occupied land",
            "a land swap",
            "the annexation of the Donbas",
            "new borders drawn by force",
        ],
    ),
    (
        "troops",
        &[
            "European peacekeepers in Ukraine",
            "a reassurance force",
            "boots on the ground",
            "foreign troops on Ukrainian soil",
            "a British and French deployment",
            "air policing over western Ukraine",
            "a monitoring mission",
            "troops from the coalition of the willing",
        ],
    ),
    (
        "sanctions",
        &[
            "new sanctions on Russian oil",
            "a lower price cap",
            "the use of frozen assets",
            "sanctions relief",
            "secondary tariffs on buyers of Russian oil",
            "a twentieth sanctions package",
            "lifting restrictions on banks",
        ],
    ),
    (
        "nato_membership",
        &[
            "NATO membership for Ukraine",
            "an invitation to join the alliance",
            "a path to NATO",
            "a neutral status for Ukraine",
            "a ban on NATO enlargement",
            "accession talks",
        ],
    ),
    (
        "security_guarantees",
        &[
            "binding security guarantees",
            "an Article 5-like guarantee",
            "a US backstop",
            "guarantees for Ukraine",
            "a deterrent force",
            "long-term security commitments",
        ],
    ),
    (
        "elections",
        &[
            "elections in Ukraine",
            "a vote after martial law ends",
            "a new presidential election",
            "the legitimacy of the government in Kyiv",
            "elections under international monitoring",
        ],
    ),
    (
        "negotiations",
        &[
            "direct talks with Moscow",
            "a summit in Alaska",
            "talks in Istanbul",
            "the peace plan",
            "a meeting of the leaders",
            "technical talks in Riyadh",
            "a memorandum on the settlement",
            "the 28-point plan",
            "a prisoner exchange",
        ],
    ),
    (
        "military_aid",
        &[
            "more air defence for Ukraine",
            "long-range missiles",
            "Patriot systems",
            "Tomahawk missiles",
            "F-16 deliveries",
            "artillery shells",
            "intelligence sharing",
            "the minerals deal",
        ],
    ),
    (
        "nuclear",
        &[
            "the use of nuclear weapons",
            "a nuclear test",
            "control of the Zaporizhzhia nuclear plant",
            "the new nuclear doctrine",
            "tactical nuclear exercises",
            "nuclear deterrence",
        ],
    ),
];

const TIMES: &[&str] = &[
    "before the summer",
    "within days",
    "as soon as possible",
    "after the elections",
    "this week",
    "next month",
    "by the end of the year",
    "without delay",
    "for now",
    "in the coming weeks",
    "at this stage",
    "today",
];

const CLAUSES: &[&str] = &[
    "and that is our position",
    "as we have said many times",
    "provided that the guarantees are real",
    "without any preconditions",
    "whatever the Kremlin says",
    "because the front line has not moved",
    "while the shelling continues",
    "and our partners know it",
    "unless the aggressor stops",
    "as the talks in Riyadh showed",
    "and the Europeans must be at the table",
    "before any summit takes place",
    "and the sanctions will stay until then",
    "which is why we need more air defence",
    "and the world can see who wants peace",
    "if Moscow is serious",
    "after the strikes on energy infrastructure",
];

const FILLER: &[&str] = &[
    "said",
    "told",
    "reporters",
    "in",
    "a",
    "statement",
    "on",
    "the",
    "of",
    "and",
    "to",
    "that",
    "with",
    "after",
    "talks",
    "meeting",
    "briefing",
    "interview",
    "press",
    "conference",
    "government",
    "minister",
    "president",
    "spokesman",
    "delegation",
    "partners",
    "peace",
    "war",
    "settlement",
    "security",
    "front",
    "line",
    "strikes",
    "drones",
    "missiles",
    "energy",
    "infrastructure",
    "grid",
    "winter",
    "offensive",
    "counteroffensive",
    "humanitarian",
    "corridor",
    "prisoners",
    "exchange",
    "children",
    "deportation",
    "referendum",
    "occupation",
    "mobilisation",
    "economy",
    "budget",
    "grain",
    "exports",
    "ports",
    "shipping",
    "insurance",
    "tankers",
    "shadow",
    "fleet",
    "pipeline",
    "gas",
    "transit",
    "reconstruction",
    "fund",
    "minerals",
    "agreement",
    "memorandum",
    "framework",
    "principles",
    "roadmap",
    "proposal",
    "demands",
    "ultimatum",
    "deadline",
    "pressure",
    "credible",
    "realistic",
    "unacceptable",
    "constructive",
    "productive",
    "difficult",
    "serious",
];

const CITIES_TALKS: &[&str] =
    &["Riyadh", "Istanbul", "Jeddah", "Geneva", "Anchorage", "Munich", "Paris", "London", "Brussels", "Rome"];

/// Outlets: (name, domain, reliability).
const OUTLETS: &[(&str, &str, Reliability)] = &[
    ("Reuters", "reuters.com", Reliability::A),
    ("Associated Press", "apnews.com", Reliability::A),
    ("AFP", "afp.com", Reliability::A),
    ("BBC News", "bbc.co.uk", Reliability::B),
    ("The Guardian", "theguardian.com", Reliability::B),
    ("The Times (live blog)", "thetimes.com", Reliability::B),
    ("Financial Times", "ft.com", Reliability::B),
    ("The Kyiv Independent", "kyivindependent.com", Reliability::B),
    ("Ukrainska Pravda", "pravda.com.ua", Reliability::C),
    ("UNN", "unn.ua", Reliability::C),
    ("TASS", "tass.com", Reliability::D),
    ("RIA Novosti", "ria.ru", Reliability::D),
    ("Interfax", "interfax.ru", Reliability::C),
    ("Meduza", "meduza.io", Reliability::B),
    ("Le Monde", "lemonde.fr", Reliability::B),
    ("Der Spiegel", "spiegel.de", Reliability::B),
    ("Politico Europe", "politico.eu", Reliability::B),
    ("Al Jazeera", "aljazeera.com", Reliability::B),
    ("CNN", "cnn.com", Reliability::B),
    ("The New York Times", "nytimes.com", Reliability::B),
    ("The Washington Post", "washingtonpost.com", Reliability::B),
    ("Bloomberg", "bloomberg.com", Reliability::B),
    ("Deutsche Welle", "dw.com", Reliability::B),
    ("PAP", "pap.pl", Reliability::B),
    ("Yle", "yle.fi", Reliability::B),
    ("Anadolu Agency", "aa.com.tr", Reliability::C),
    ("Xinhua", "xinhuanet.com", Reliability::D),
    ("Kremlin.ru", "kremlin.ru", Reliability::C),
    ("President of Ukraine", "president.gov.ua", Reliability::C),
    ("The White House", "whitehouse.gov", Reliability::C),
    ("GOV.UK", "gov.uk", Reliability::B),
    ("Voz", "voz.us", Reliability::C),
    ("BNO News", "bnonews.com", Reliability::C),
    ("Truth Social", "truthsocial.com", Reliability::F),
    ("Telegram", "t.me", Reliability::E),
];

const TAGS: &[&str] = &[
    "live blog",
    "partial truce",
    "energy strikes",
    "Black Sea",
    "Riyadh talks",
    "Istanbul talks",
    "Alaska summit",
    "press conference",
    "interview",
    "readout",
    "social media",
    "briefing",
    "prisoner exchange",
    "minerals deal",
    "Kursk incursion",
    "coalition of the willing",
    "UNGA",
    "G7 summit",
    "NATO summit",
    "Munich conference",
];

const NOTES: &[&str] = &[
    "Said at a press conference in {place}.",
    "Background in the {outlet} report; compare the earlier statement on {topic}.",
    "Translated from the original; wording checked against a second source.",
    "Live blog line {n}.",
    "Reported second-hand by {outlet}; no transcript yet.",
    "Follows the talks in {city}; {name} was present.",
    "The stance on {topic} is implied, not stated.",
    "Coded from the readout of the call with {name}.",
    "Contradicts the line taken in {city} a week earlier.",
    "Check against the official transcript once published.",
];

const CYRILLIC: &[&str] = &[
    "Мы",
    "не",
    "согласимся",
    "на",
    "перемирие",
    "прекращение",
    "огня",
    "Россия",
    "Украина",
    "переговоры",
    "Суджа",
    "Курская",
    "область",
    "территории",
    "безопасности",
    "гарантии",
    "войска",
    "НАТО",
    "санкции",
    "Песков",
    "Зеленський",
    "Ми",
    "не",
    "визнаємо",
    "окупацію",
    "Київ",
    "Москва",
    "позиция",
    "позиція",
    "мир",
    "Донбасс",
    "Крым",
    "Запорожье",
    "выборы",
    "вибори",
    "переговори",
    "Стамбул",
    "Эр-Рияд",
];

const KINDS_POS: &[Kind] =
    &[Kind::Proposal, Kind::Demand, Kind::Commitment, Kind::Acceptance, Kind::Assessment];
const KINDS_NEG: &[Kind] = &[Kind::Rejection, Kind::Warning, Kind::Rejection, Kind::Demand, Kind::Assessment];
const KINDS_ZERO: &[Kind] = &[Kind::Assessment, Kind::Assessment, Kind::Proposal, Kind::Warning];

/// Anchored tendencies: (actor, topic, stance) for the main actors; others are drawn from the seed.
const TENDENCIES: &[(&str, &str, i8)] = &[
    ("kremlin", "ceasefire", -1),
    ("kremlin", "territory", 2),
    ("kremlin", "troops", -2),
    ("kremlin", "sanctions", -2),
    ("kremlin", "nato_membership", -2),
    ("kremlin", "security_guarantees", -1),
    ("kremlin", "elections", 2),
    ("kremlin", "negotiations", 1),
    ("kremlin", "military_aid", -2),
    ("kremlin", "nuclear", 0),
    ("kyiv", "ceasefire", 1),
    ("kyiv", "territory", -2),
    ("kyiv", "troops", 2),
    ("kyiv", "sanctions", 2),
    ("kyiv", "nato_membership", 2),
    ("kyiv", "security_guarantees", 2),
    ("kyiv", "elections", -1),
    ("kyiv", "negotiations", 1),
    ("kyiv", "military_aid", 2),
    ("kyiv", "nuclear", -2),
];

/// An (actor, topic)'s starting stance and, sometimes, a turning point (day, stance).
type Tendency = (i8, Option<(usize, i8)>);

/// The actors, topics and tendencies statements are drawn from.
struct World {
    actors: Vec<Actor>,
    topics: Vec<crate::model::Topic>,
    /// Per (actor, topic): the starting stance and, sometimes, a turning point.
    tendency: Vec<Vec<Tendency>>,
    /// How often each actor speaks (main actors more).
    weights: Vec<usize>,
    all_names: Vec<String>,
    first_day: NaiveDate,
    /// How many days the statements spread over.
    days: usize,
}

/// A deterministic synthetic store of `statements` statements: the sample's
/// actors and topics plus more actors, and statements spread over
/// 2023-01-01 to 2025-12-31. The result validates.
pub fn generate(statements: usize, seed: u64) -> Store {
    generate_from(statements, seed, NaiveDate::from_ymd_opt(2023, 1, 1).unwrap_or_default(), DAYS)
}

/// [`generate`] over the `years` years up to 2025-12-31 (a desk's store
/// after years of use, for the store-folder benchmarks).
pub fn generate_years(statements: usize, seed: u64, years: u32) -> Store {
    let years = years.clamp(1, 100);
    let first = NaiveDate::from_ymd_opt(2026 - years as i32, 1, 1).unwrap_or_default();
    let last = NaiveDate::from_ymd_opt(2025, 12, 31).unwrap_or_default();
    generate_from(statements, seed, first, (last - first).num_days() as usize + 1)
}

fn generate_from(statements: usize, seed: u64, first_day: NaiveDate, days: usize) -> Store {
    let mut rng = Rng::new(seed);
    let world = world(&mut rng, first_day, days);
    let mut out = Vec::with_capacity(statements);
    for n in 0..statements {
        out.push(statement(&mut rng, &world, n));
    }
    let World { actors, topics, .. } = world;
    let mut store = Store {
        schema: crate::model::SCHEMA,
        actors,
        topics,
        briefings: Vec::new(),
        events: Vec::new(),
        conflicts: Vec::new(),
        lexicon: Vec::new(),
        statements: out,
    };
    store.sort_statements();
    store
}

fn world(rng: &mut Rng, first_day: NaiveDate, days: usize) -> World {
    let sample = store::sample();
    let mut actors = sample.actors.clone();
    for (id, name, kind, color, speakers) in EXTRA_ACTORS {
        actors.push(Actor {
            id: ActorId::from(*id),
            name: (*name).to_owned(),
            kind: *kind,
            color: Color::parse(color).unwrap_or_default(),
            speakers: speakers
                .iter()
                .map(|(n, r, a)| Speaker {
                    name: (*n).to_owned(),
                    role: (*r).to_owned(),
                    aliases: a.iter().map(|s| (*s).to_owned()).collect(),
                })
                .collect(),
        });
    }
    let topics = sample.topics.clone();
    // Each (actor, topic) has a starting stance and, sometimes, a turning point.
    let mut tendency = Vec::with_capacity(actors.len());
    for a in &actors {
        let mut row = Vec::with_capacity(topics.len());
        for t in &topics {
            let anchored = TENDENCIES.iter().find(|(ai, ti, _)| a.id == *ai && t.id == *ti).map(|x| x.2);
            let start = anchored.unwrap_or_else(|| rng.below(5) as i8 - 2);
            let turn = rng.chance(0.35).then(|| (rng.below(days), rng.below(5) as i8 - 2));
            row.push((start, turn));
        }
        tendency.push(row);
    }
    let weights: Vec<usize> = actors
        .iter()
        .map(|a| match a.id.as_str() {
            "kremlin" | "kyiv" | "washington" => 8,
            "london" | "eu" | "paris" | "berlin" | "nato" => 4,
            _ => 2,
        })
        .collect();
    let all_names = actors.iter().flat_map(|a| a.speakers.iter().map(|s| s.name.clone())).collect();
    World { actors, topics, tendency, weights, all_names, first_day, days }
}

/// Statement number `n`.
fn statement(rng: &mut Rng, w: &World, n: usize) -> Statement {
    let ai = {
        let mut r = rng.below(w.weights.iter().sum());
        let mut i = 0;
        while r >= w.weights[i] {
            r -= w.weights[i];
            i += 1;
        }
        i
    };
    let actor = &w.actors[ai];
    let day = rng.below(w.days);
    let day_date = w.first_day + Duration::days(day as i64);
    let date = match rng.below(50) {
        0 => PartialDate::with_precision(day_date, crate::model::Precision::Year),
        1..=4 => PartialDate::with_precision(day_date, crate::model::Precision::Month),
        _ => PartialDate::day(day_date),
    };
    let (topic_ix, positions) = positions(rng, w, ai, day);
    let main_stance = positions[0].stance.value();
    let kind = match main_stance.signum() {
        1 => rng.pick(KINDS_POS),
        -1 => rng.pick(KINDS_NEG),
        _ => rng.pick(KINDS_ZERO),
    };
    let speaker = if !actor.speakers.is_empty() && rng.chance(0.9) {
        Some(actor.speakers[rng.below(actor.speakers.len())].name.clone())
    } else {
        None
    };
    let names: Vec<&str> = w.all_names.iter().map(String::as_str).collect();
    let quote = make_quote(rng, &topic_ix, main_stance, &names);
    let (outlet, domain, reliability) = rng.pick(OUTLETS);
    let published_day = day_date + Duration::days(rng.below(3) as i64);
    let url = rng.chance(0.7).then(|| {
        let slug: String = quote
            .split_whitespace()
            .take(6)
            .map(|w| w.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_lowercase())
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join("-");
        format!("https://www.{domain}/{}/{}-{}", published_day.format("%Y/%m/%d"), slug, 10_000 + n)
    });
    let verification = match rng.below(100) {
        0..=44 => Verification::Confirmed,
        45..=79 => Verification::Reported,
        80..=94 => Verification::Unverified,
        _ => Verification::Denied,
    };
    let reported_by = (verification == Verification::Reported && rng.chance(0.15)).then(|| {
        let other = rng.below(w.actors.len());
        w.actors[if other == ai { (other + 1) % w.actors.len() } else { other }].id.clone()
    });
    let tags = tags(rng);
    let notes = notes(rng, w, outlet, &topic_ix, &names);
    let original =
        (matches!(actor.id.as_str(), "kremlin" | "kyiv" | "minsk") && rng.chance(0.15)).then(|| {
            let words = rng.range(6, 20);
            let mut s = String::new();
            for i in 0..words {
                if i > 0 {
                    s.push(' ');
                }
                s.push_str(rng.pick(CYRILLIC));
            }
            s.push('.');
            s
        });
    let (id, recorded_at, updated_at) = times(rng, published_day);
    Statement {
        id,
        date,
        actor: actor.id.clone(),
        speaker,
        kind,
        quote,
        paraphrase: rng.chance(0.2),
        original,
        positions,
        source: Source {
            outlet: outlet.to_owned(),
            url,
            published: Some(PartialDate::day(published_day)),
            reliability,
        },
        credibility: Credibility::new(rng.range(1, 6) as u8).unwrap_or_default(),
        verification,
        reported_by,
        tags,
        notes,
        recorded_at,
        updated_at,
        entered_by: None,
        changed_by: None,
    }
}

/// One topic mostly, up to three, each with the actor's stance of the day (and some noise).
fn positions(rng: &mut Rng, w: &World, ai: usize, day: usize) -> (Vec<usize>, Vec<Position>) {
    let n_topics = match rng.below(100) {
        0..=69 => 1,
        70..=91 => 2,
        _ => 3,
    };
    let mut topic_ix: Vec<usize> = Vec::with_capacity(n_topics);
    while topic_ix.len() < n_topics {
        let t = rng.below(w.topics.len());
        if !topic_ix.contains(&t) {
            topic_ix.push(t);
        }
    }
    let positions = topic_ix
        .iter()
        .map(|&t| {
            let (start, turn) = w.tendency[ai][t];
            let base = match turn {
                Some((at, v)) if day >= at => v,
                _ => start,
            };
            let noise = match rng.below(10) {
                0 => -1,
                1 => 1,
                _ => 0,
            };
            let stance = (base + noise).clamp(-2, 2);
            let conditions = if stance == 1 && rng.chance(0.4) {
                format!("only {}", rng.pick(CLAUSES).trim_start_matches("and "))
            } else {
                String::new()
            };
            Position {
                topic: TopicId(w.topics[t].id.0.clone()),
                stance: Stance::new(stance.into()).unwrap_or(Stance::MIN),
                conditions,
                evidence: Default::default(),
            }
        })
        .collect();
    (topic_ix, positions)
}

fn tags(rng: &mut Rng) -> Vec<String> {
    let mut tags = Vec::new();
    if rng.chance(0.35) {
        let k = rng.range(1, 3);
        while tags.len() < k {
            let t = rng.pick(TAGS).to_owned();
            if !tags.contains(&t) {
                tags.push(t);
            }
        }
    }
    tags
}

fn notes(rng: &mut Rng, w: &World, outlet: &str, topic_ix: &[usize], names: &[&str]) -> String {
    if !rng.chance(0.25) {
        return String::new();
    }
    rng.pick(NOTES)
        .replace("{place}", rng.pick(PLACES))
        .replace("{outlet}", outlet)
        .replace("{topic}", w.topics[rng.pick(topic_ix)].name.as_str())
        .replace("{n}", &rng.range(3, 400).to_string())
        .replace("{city}", rng.pick(CITIES_TALKS))
        .replace("{name}", rng.pick(names))
}

/// The id, and when it was entered and last changed: a day or two after publication.
fn times(rng: &mut Rng, published_day: NaiveDate) -> (StatementId, Timestamp, Timestamp) {
    let minutes = rng.range(6 * 60, 23 * 60) as u32;
    let recorded_day = published_day + Duration::days(rng.below(2) as i64);
    let time = NaiveTime::from_num_seconds_from_midnight_opt(minutes * 60, 0).unwrap_or_default();
    let recorded_ms = recorded_day.and_time(time).and_utc().timestamp_millis();
    let recorded_at = Timestamp::from_millis(recorded_ms).unwrap_or_else(Timestamp::now);
    let updated_at = if rng.chance(0.1) {
        Timestamp::from_millis(recorded_ms + rng.range(60_000, 30 * 86_400_000) as i64).unwrap_or(recorded_at)
    } else {
        recorded_at
    };
    let random = ((rng.next_u64() as u128) << 16 | (rng.next_u64() & 0xffff) as u128) & ((1u128 << 80) - 1);
    (StatementId::from_parts(recorded_ms.max(0) as u64, random), recorded_at, updated_at)
}

/// Days from 2023-01-01 to 2025-12-31.
const DAYS: usize = 1096;

/// A quote of 8–60 words about the first topic (and perhaps the others),
/// naming places and people.
fn make_quote(rng: &mut Rng, topic_ix: &[usize], stance: i8, names: &[&str]) -> String {
    let target = rng.range(8, 60);
    let mut words: Vec<String> = Vec::with_capacity(target + 12);
    fn push(words: &mut Vec<String>, text: &str) {
        words.extend(text.split(' ').map(str::to_owned));
    }
    let mut first = true;
    while words.len() < target {
        let t = if first { topic_ix[0] } else { rng.pick(topic_ix) };
        let verb = match if first { stance } else { rng.below(5) as i8 - 2 } {
            2 => rng.pick(SUPPORT),
            1 => rng.pick(CONDITIONAL),
            0 => rng.pick(NEUTRAL),
            _ => rng.pick(OPPOSE),
        };
        let object = rng.pick(OBJECTS[t.min(OBJECTS.len() - 1)].1);
        push(&mut words, rng.pick(OPENERS));
        push(&mut words, verb);
        push(&mut words, object);
        match rng.below(6) {
            0 | 1 => {
                push(&mut words, "in");
                push(&mut words, rng.pick(PLACES));
            }
            2 => push(&mut words, rng.pick(TIMES)),
            3 => {
                push(&mut words, rng.pick(CLAUSES));
            }
            4 => {
                push(&mut words, "as");
                push(&mut words, rng.pick(names));
                push(&mut words, "said");
                push(&mut words, "in");
                push(&mut words, rng.pick(PLACES));
            }
            _ => {
                for _ in 0..rng.range(2, 6) {
                    push(&mut words, rng.pick(FILLER));
                }
            }
        }
        if let Some(last) = words.last_mut() {
            last.push('.');
        }
        first = false;
    }
    words.truncate(target);
    let mut q = words.join(" ");
    if !q.ends_with('.') {
        q = q.trim_end_matches([',', ';']).to_owned();
        q.push('.');
    }
    if rng.chance(0.15) {
        q = format!("“{q}”");
    }
    q
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rng_is_stable() {
        let mut r = Rng::new(1);
        let first: Vec<u64> = (0..3).map(|_| r.next_u64()).collect();
        let mut again = Rng::new(1);
        assert_eq!(first, (0..3).map(|_| again.next_u64()).collect::<Vec<_>>());
        assert_ne!(first[0], first[1]);
    }

    #[test]
    fn generated_store_validates() {
        let s = generate(500, 7);
        assert_eq!(s.statements.len(), 500);
        assert!(s.validate().is_empty(), "{:?}", s.validate().first());
        assert!(s.actors.len() >= 12);
        for q in s.statements.iter().map(|s| &s.quote) {
            let words = q.split_whitespace().count();
            assert!((8..=60).contains(&words), "{words} words: {q}");
        }
    }
}
