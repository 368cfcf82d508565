//! Identifiers: short slugs for actors and topics, ULIDs for statements.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use ulid::Ulid;

/// True when `s` is a valid slug: 1–40 characters of `a-z`, `0-9` and `_`,
/// starting with a letter (`kremlin`, `nato_membership`).
pub fn is_slug(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some('a'..='z'))
        && s.len() <= 40
        && chars.all(|c| matches!(c, 'a'..='z' | '0'..='9' | '_'))
}

/// A slug made from a free-text name: "Russian opposition" → `russian_opposition`.
/// Non-ASCII letters are dropped; an empty result becomes `x`.
pub fn slugify(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    while out.ends_with('_') {
        out.pop();
    }
    if !out.starts_with(|c: char| c.is_ascii_lowercase()) {
        out.insert(0, 'x');
    }
    out.truncate(40);
    out
}

macro_rules! slug_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            /// The id as written in the store.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                Self(s.to_owned())
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }
    };
}

slug_id!(
    /// An actor's id: a short slug such as `kremlin` or `washington`.
    ActorId
);
slug_id!(
    /// A topic's id: a short slug such as `ceasefire` or `nato_membership`.
    TopicId
);

macro_rules! ulid_id {
    ($(#[$doc:meta])* $name:ident, $what:literal) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub Ulid);

        impl $name {
            /// A fresh id, made now. Ids made by one process are strictly
            /// increasing, even within one millisecond.
            pub fn new() -> Self {
                Self(next_ulid())
            }

            /// A deterministic id from a time (milliseconds since the epoch) and 80 random bits.
            pub fn from_parts(timestamp_ms: u64, random: u128) -> Self {
                Self(Ulid::from_parts(timestamp_ms, random))
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0, f)
            }
        }

        impl FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Ulid::from_string(s.trim())
                    .map(Self)
                    .map_err(|e| format!(concat!("`{}` is not ", $what, " id (a 26-character ULID): {}"), s, e))
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = std::borrow::Cow::<str>::deserialize(d)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

/// The next ULID of this process: strictly increasing.
fn next_ulid() -> Ulid {
    static GENERATOR: std::sync::Mutex<ulid::Generator> = std::sync::Mutex::new(ulid::Generator::new());
    let mut g = GENERATOR.lock().unwrap_or_else(|e| e.into_inner());
    g.generate().unwrap_or_else(|_| Ulid::generate())
}

ulid_id!(
    /// A statement's id: a ULID, unique across analysts so that merged stores
    /// never collide. Written as its 26-character Crockford base-32 text.
    StatementId,
    "a statement"
);
ulid_id!(
    /// A briefing's id: a ULID, so that briefings recorded by two analysts merge.
    BriefingId,
    "a briefing"
);
ulid_id!(
    /// An event's id: a ULID, so that events recorded by two analysts merge.
    EventId,
    "an event"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert!(is_slug("kremlin"));
        assert!(is_slug("nato_membership"));
        assert!(is_slug("g7"));
        assert!(!is_slug(""));
        assert!(!is_slug("7g"));
        assert!(!is_slug("Kremlin"));
        assert!(!is_slug("nato-membership"));
        assert_eq!(slugify("Russian opposition"), "russian_opposition");
        assert_eq!(slugify("  U.N. "), "u_n");
        assert_eq!(slugify("2025 talks"), "x2025_talks");
        assert_eq!(slugify("Київ"), "x");
        assert!(is_slug(&slugify("Київ")));
    }

    #[test]
    fn statement_id_text_round_trip() {
        let id = StatementId::new();
        let back: StatementId = id.to_string().parse().unwrap();
        assert_eq!(id, back);
        assert!("not-a-ulid".parse::<StatementId>().is_err());
    }
}
