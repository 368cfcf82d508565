//! Actors (states, organisations, coalitions) and the speakers who speak for them.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::ids::ActorId;

/// What kind of actor this is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum ActorKind {
    /// A state or its government (the Kremlin, Kyiv, Washington).
    #[default]
    State,
    /// An international organisation (the EU, NATO, the UN).
    Organisation,
    /// A coalition of states (the coalition of the willing).
    Coalition,
    /// Anything else (an opposition movement, a company).
    Other,
}

impl ActorKind {
    /// Every kind, in display order.
    pub const ALL: [ActorKind; 4] =
        [ActorKind::State, ActorKind::Organisation, ActorKind::Coalition, ActorKind::Other];

    /// The word shown to the analyst.
    pub fn as_str(self) -> &'static str {
        match self {
            ActorKind::State => "state",
            ActorKind::Organisation => "organisation",
            ActorKind::Coalition => "coalition",
            ActorKind::Other => "other",
        }
    }
}

/// An sRGB colour, written `#rrggbb`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Color(pub [u8; 3]);

impl Color {
    /// Parses `#rrggbb` (the `#` is optional).
    pub fn parse(s: &str) -> Option<Self> {
        let h = s.trim().trim_start_matches('#');
        if h.len() != 6 || !h.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let byte = |i: usize| u8::from_str_radix(&h[i..i + 2], 16).ok();
        Some(Color([byte(0)?, byte(2)?, byte(4)?]))
    }
}

impl fmt::Display for Color {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [r, g, b] = self.0;
        write!(f, "#{r:02x}{g:02x}{b:02x}")
    }
}

impl Serialize for Color {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Color {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = std::borrow::Cow::<str>::deserialize(d)?;
        Color::parse(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("`{s}` is not a colour: write #rrggbb")))
    }
}

/// A person who speaks for an actor, with the other spellings of their name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Speaker {
    /// The canonical name ("Volodymyr Zelensky").
    pub name: String,
    /// Their role ("president", "Kremlin spokesman").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub role: String,
    /// Other spellings and short forms ("Zelenskyy", "Zelensky").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
}

impl Speaker {
    /// Whether `name` is this speaker's name or one of their aliases (case-insensitive).
    pub fn answers_to(&self, name: &str) -> bool {
        let n = name.trim();
        self.name.eq_ignore_ascii_case(n)
            || self.name.to_lowercase() == n.to_lowercase()
            || self.aliases.iter().any(|a| a.to_lowercase() == n.to_lowercase())
    }
}

/// A party whose positions are tracked: a state, an organisation, a coalition.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Actor {
    /// Short slug id (`kremlin`).
    pub id: ActorId,
    /// Display name ("Kremlin").
    pub name: String,
    /// State, organisation, coalition or other.
    #[serde(default)]
    pub kind: ActorKind,
    /// The actor's colour in charts and chips.
    pub color: Color,
    /// The people who speak for the actor.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub speakers: Vec<Speaker>,
}

impl Actor {
    /// The speaker answering to `name` (canonical name or alias), if any.
    pub fn speaker(&self, name: &str) -> Option<&Speaker> {
        self.speakers.iter().find(|s| s.answers_to(name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_text() {
        let c = Color::parse("#D64550").unwrap();
        assert_eq!(c.0, [0xd6, 0x45, 0x50]);
        assert_eq!(c.to_string(), "#d64550");
        assert_eq!(Color::parse("d64550"), Some(c));
        assert!(Color::parse("#d6455").is_none());
        assert!(Color::parse("#zz4550").is_none());
    }

    #[test]
    fn speaker_answers_to_aliases_in_any_case() {
        let s = Speaker {
            name: "Volodymyr Zelensky".into(),
            role: "president".into(),
            aliases: vec!["Zelenskyy".into(), "Зеленський".into()],
        };
        assert!(s.answers_to("volodymyr zelensky"));
        assert!(s.answers_to("ZELENSKYY"));
        assert!(s.answers_to("зеленський"));
        assert!(!s.answers_to("Zelenska"));
    }
}
