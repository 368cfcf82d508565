//! Places where diplomacy happens and that the ingest gazetteer does not
//! list (it lists what stands for an actor: capitals, countries,
//! institutions). A place named right before an event noun ("the Alaska
//! summit", "the Istanbul talks") is read as where it happens only when it is
//! a place of this list or of the gazetteer; "in X" after the event needs no
//! list.

/// Places, each as written (one or more words).
pub(crate) const PLACES: &[&str] = &[
    "Abu Dhabi",
    "Alaska",
    "Anchorage",
    "Ankara",
    "Antalya",
    "Baku",
    "Beijing",
    "Belgrade",
    "Bratislava",
    "Bucharest",
    "Budapest",
    "Camp David",
    "Copenhagen",
    "Davos",
    "Doha",
    "Dubai",
    "Geneva",
    "Hiroshima",
    "Istanbul",
    "Jeddah",
    "Lancaster House",
    "Madrid",
    "Mar-a-Lago",
    "Minsk",
    "Munich",
    "Muscat",
    "New York",
    "Oslo",
    "Oval Office",
    "Riga",
    "Riyadh",
    "Rome",
    "Sochi",
    "St Petersburg",
    "Stockholm",
    "Tallinn",
    "The Hague",
    "Tirana",
    "Vatican",
    "Vienna",
    "Vilnius",
    "Zurich",
];

/// The place of [`PLACES`] whose words start at `words` (lower case), with its length in words.
pub(crate) fn place_at(words: &[&str]) -> Option<(&'static str, usize)> {
    PLACES
        .iter()
        .filter_map(|p| {
            let parts: Vec<String> =
                p.split([' ', '-']).map(str::to_lowercase).filter(|w| !w.is_empty()).collect();
            let n = parts.len();
            (words.len() >= n && parts.iter().zip(words).all(|(a, b)| a == b)).then_some((*p, n))
        })
        .max_by_key(|(_, n)| *n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_match_by_their_words() {
        assert_eq!(place_at(&["alaska", "summit"]), Some(("Alaska", 1)));
        assert_eq!(place_at(&["camp", "david", "talks"]), Some(("Camp David", 2)));
        assert_eq!(place_at(&["mar", "a", "lago"]), Some(("Mar-a-Lago", 3)));
        assert_eq!(place_at(&["summer"]), None);
    }
}
