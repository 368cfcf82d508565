#!/usr/bin/env python3
"""Builds data/sample.ron, the bundled sample store, from the hand codings in
../shared/data (seed_gold.tsv: the live blog of 13 March 2025; timeline_2025.tsv:
45 sourced positions across 2025) plus the actors and topics defined below.

Each position carries its evidence from data/evidence.tsv: an exact part of
the quote that takes the position, and/or a line of rationale in our words
(coded against the sources; a `restance N` verdict corrects the stance).

Run from the project root:  python3 data/build_sample.py && cargo run -- --store data/sample.ron fmt
(`fmt` rewrites the file in the store's canonical layout.) Ids are derived from
the rows, so a rebuild gives the same file.
"""
import csv, hashlib, json, os, re, sys
from datetime import datetime, timezone

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(ROOT, "..", "shared", "data")

# ---------------------------------------------------------------- actors
# Colours: mid-tones that read on both light and dark backgrounds.
ACTORS = [
    ("kremlin", "Kremlin", "state", "#d64550", [
        ("Vladimir Putin", "president", ["Putin", "President Putin", "Владимир Путин", "Путин"]),
        ("Dmitry Peskov", "Kremlin spokesman", ["Peskov", "Dmitri Peskov", "Дмитрий Песков", "Песков"]),
        ("Maria Zakharova", "foreign ministry spokeswoman", ["Zakharova", "Мария Захарова", "Захарова"]),
        ("Yuri Ushakov", "foreign policy aide", ["Ushakov", "Yury Ushakov", "Юрий Ушаков", "Ушаков"]),
        ("Sergei Lavrov", "foreign minister", ["Lavrov", "Sergey Lavrov", "Сергей Лавров", "Лавров"]),
        ("Kirill Dmitriev", "special envoy for investment", ["Dmitriev", "Кирилл Дмитриев"]),
    ]),
    ("kyiv", "Kyiv", "state", "#2e86de", [
        ("Volodymyr Zelensky", "president", ["Zelensky", "Zelenskyy", "Volodymyr Zelenskyy", "President Zelensky", "Володимир Зеленський", "Зеленський"]),
        ("Andriy Yermak", "head of the presidential office", ["Yermak", "Andrii Yermak", "Андрій Єрмак"]),
        ("Andrii Sybiha", "foreign minister", ["Sybiha", "Andriy Sybiha", "Андрій Сибіга"]),
    ]),
    ("washington", "Washington", "state", "#8e5bd6", [
        ("Donald Trump", "president", ["Trump", "President Trump"]),
        ("Marco Rubio", "secretary of state", ["Rubio"]),
        ("Pete Hegseth", "defence secretary", ["Hegseth"]),
        ("Steve Witkoff", "special envoy", ["Witkoff"]),
        ("Mike Waltz", "national security adviser", ["Waltz"]),
        ("Keith Kellogg", "special envoy for Ukraine and Russia", ["Kellogg"]),
        ("Scott Bessent", "treasury secretary", ["Bessent"]),
        ("JD Vance", "vice-president", ["Vance", "J.D. Vance"]),
    ]),
    ("london", "London", "state", "#16a085", [
        ("Keir Starmer", "prime minister", ["Starmer", "Sir Keir Starmer", "Sir Keir"]),
        ("David Lammy", "foreign secretary", ["Lammy"]),
        ("John Healey", "defence secretary", ["Healey"]),
    ]),
    ("eu", "EU", "organisation", "#c9a227", [
        ("Ursula von der Leyen", "European Commission president", ["von der Leyen"]),
        ("António Costa", "European Council president", ["Antonio Costa", "Costa"]),
        ("Kaja Kallas", "EU foreign policy chief", ["Kallas"]),
    ]),
    ("nato", "NATO", "organisation", "#5d7fb9", [
        ("Mark Rutte", "NATO secretary general", ["Rutte"]),
    ]),
    ("warsaw", "Warsaw", "state", "#e67e22", [
        ("Andrzej Duda", "president", ["Duda", "President Duda"]),
        ("Donald Tusk", "prime minister", ["Tusk"]),
        ("Radosław Sikorski", "foreign minister", ["Radoslaw Sikorski", "Sikorski"]),
    ]),
    ("helsinki", "Helsinki", "state", "#00a3c4", [
        ("Alexander Stubb", "president", ["Stubb"]),
        ("Antti Häkkänen", "defence minister", ["Antti Hakkanen", "Häkkänen"]),
    ]),
    ("paris", "Paris", "state", "#c2185b", [
        ("Emmanuel Macron", "president", ["Macron"]),
        ("Jean-Noël Barrot", "foreign minister", ["Jean-Noel Barrot", "Barrot"]),
    ]),
    ("berlin", "Berlin", "state", "#6d8b2f", [
        ("Friedrich Merz", "chancellor", ["Merz"]),
        ("Boris Pistorius", "defence minister", ["Pistorius"]),
    ]),
    ("prague", "Prague", "state", "#a0522d", [
        ("Petr Pavel", "president", ["Pavel", "Czech president"]),
    ]),
    ("un", "UN", "organisation", "#4fa3d1", [
        ("António Guterres", "UN secretary-general", ["Antonio Guterres", "Guterres", "UN chief"]),
    ]),
    ("russian_opposition", "Russian opposition", "other", "#8a8f98", [
        ("Ilya Ponomarev", "former Russian MP", ["Ponomarev"]),
    ]),
]
ACTOR_BY_NAME = {"Kremlin": "kremlin", "Kyiv": "kyiv", "Washington": "washington", "London": "london",
                 "EU": "eu", "NATO": "nato", "Warsaw": "warsaw", "Helsinki": "helsinki", "Paris": "paris",
                 "Berlin": "berlin", "Prague": "prague", "UN": "un", "Russian opposition": "russian_opposition"}

# ---------------------------------------------------------------- topics
# (id, name, proposition, labels -2..+2, keywords)
TOPICS = [
    ("ceasefire", "Ceasefire",
     "An immediate ceasefire or truce should take effect now, before a full settlement (a partial truce, on energy strikes or the Black Sea, is coded here too, tagged “partial truce”).",
     ["rejects a truce", "opposes or delays a truce", "neutral on a truce", "backs a truce with caveats", "backs an immediate truce"],
     ["ceasefire", "cease-fire", "truce", "respite", "halt", "pause", "stop the fighting", "end to hostilities", "silence", "armistice", "stop the killing", "cessation of hostilities", "moratorium"]),
    ("territory", "Territory",
     "Ukraine should cede, or the world should recognise as Russian, Ukrainian territory that Russia occupies or claims (Crimea, Donetsk, Luhansk, Zaporizhzhia, Kherson).",
     ["rejects any cession", "opposes ceding land", "unclear on ceding land", "open to ceding some land", "backs ceding occupied land"],
     ["territory", "territorial", "territories", "cede", "concessions", "land", "annexed", "annexation", "occupied", "Crimea", "Donetsk", "Luhansk", "Zaporizhzhia", "Kherson", "Donbas", "borders", "line of contact", "regions of the Russian Federation", "front line", "frontline", "land swap"]),
    ("troops", "Foreign troops",
     "European or other foreign troops should be deployed in Ukraine as peacekeepers or a reassurance force (the coalition of the willing).",
     ["rejects any deployment", "opposes a deployment now", "neutral on foreign troops", "backs a deployment with caveats", "backs deploying foreign troops"],
     ["troops", "peacekeepers", "peacekeeping", "boots on the ground", "coalition of the willing", "reassurance force", "soldiers", "foreign troops", "bases", "deploy", "deployment", "contingent", "contingents", "multinational force", "stabilisation force", "peacekeeping force", "military presence"]),
    ("sanctions", "Sanctions",
     "Sanctions and economic pressure on Russia should be kept or increased.",
     ["backs lifting sanctions", "backs easing sanctions", "neutral on sanctions", "backs sanctions with caveats", "backs more sanctions"],
     ["sanctions", "sanction", "sanctioning", "restrictions", "economic pressure", "price cap", "oil companies", "tariffs", "frozen assets", "sanctions package", "package of sanctions", "immobilised assets", "immobilized assets", "Russian assets", "reparations loan", "asset freeze", "embargo", "shadow fleet", "export controls", "pressure on Russia", "pressure on Moscow", "pressure on Putin", "Russian oil", "Russian gas", "Russian energy", "war economy", "tighten the screws"]),
    ("nato_membership", "NATO membership",
     "Ukraine should join NATO or keep its path to membership.",
     ["rejects NATO membership", "backs shelving the NATO bid", "neutral on NATO membership", "backs keeping the path open", "backs NATO membership"],
     ["NATO membership", "Nato membership", "join NATO", "membership in NATO", "NATO", "Nato", "accession", "alliance"]),
    ("security_guarantees", "Security guarantees",
     "Ukraine should get binding external security guarantees after the war (a US backstop, Article-5-like protection, coalition guarantees).",
     ["rejects any guarantees", "opposes binding guarantees", "neutral on guarantees", "backs guarantees with caveats", "backs binding guarantees"],
     ["security guarantees", "guarantees", "guarantee", "backstop", "Article 5", "reassurance", "deterrent", "security assurances", "assurances"]),
    ("elections", "Elections in Ukraine",
     "Ukraine should hold new elections now or as part of a settlement.",
     ["rejects elections now", "opposes elections now", "neutral on elections", "backs elections under conditions", "backs elections now"],
     ["elections", "election", "vote", "ballot", "martial law", "legitimacy", "democratic elections"]),
    ("negotiations", "Negotiations",
     "The current peace process (talks, contacts, a US plan) should go ahead or be accepted now, and the speaker engages with it.",
     ["rejects the talks", "opposes or delays the talks", "neutral on the talks", "backs the talks with caveats", "backs the talks now"],
     ["negotiations", "negotiate", "negotiators", "talks", "peace plan", "peace deal", "peace agreement", "peace settlement", "contacts", "summit", "envoy", "settlement", "meeting", "dialogue", "peace process", "mediation", "mediator", "memorandum", "peace proposal", "peace framework"]),
    ("military_aid", "Military aid",
     "Western military aid and intelligence support to Ukraine should continue or increase.",
     ["backs stopping aid", "backs cutting aid", "neutral on military aid", "backs aid with caveats", "backs continued or more aid"],
     ["military aid", "aid package", "weapons", "arms", "ammunition", "intelligence sharing", "intelligence", "defence co-operation", "air defence", "missiles", "Atacms", "security assistance", "air defense", "defense cooperation", "military support", "arms deliveries", "long-range", "Tomahawk", "Tomahawks", "Patriot", "Patriots", "F-16", "F-16s"]),
    ("nuclear", "Nuclear deterrence",
     "Nuclear deterrence against Russia should be extended or strengthened in Europe (for example US nuclear weapons in Poland).",
     ["rejects extending deterrence", "opposes extending deterrence", "neutral on deterrence", "open to extending deterrence", "backs extending deterrence"],
     ["nuclear", "nuclear weapons", "nuclear umbrella", "warheads", "deterrence", "nuclear sharing"]),
]

# ---------------------------------------------------------------- sources
RELIABILITY = {  # Admiralty A-F, a judgement of the outlet's record
    "The Times (live blog)": "B", "The Kyiv Independent": "B", "Ukrainska Pravda": "B", "The Moscow Times": "B",
    "Interfax-Ukraine": "B", "Politico Europe": "B", "Stars and Stripes": "B", "The Straits Times": "B",
    "Manila Bulletin (AP)": "B", "Orissa Post (AP)": "B", "AP via Lincoln Daily News": "B", "NZ Herald": "B",
    "Ukrinform via MENAFN": "B", "Anadolu Agency via MENAFN": "C", "RFI via UOL": "B", "LBC": "B", "TASS": "C", "CGTN": "C", "Anadolu Agency (aNews)": "C",
    "UNN": "C", "LIGA.net": "C", "Censor.NET": "C", "Firstpost": "C", "WION": "C", "Gulf News": "C", "Newsmax": "C",
    "Novinite": "C", "TAG24": "C", "Commonspace.eu": "C", "The Siasat Daily": "C", "Voz": "C", "BNO News": "C",
}
CREDIBILITY = {"confirmed": 2, "reported": 3, "unverified": 3, "denied": 5}

# Kinds for the live-blog rows (the gold file does not code them).
GOLD_KIND = {
    "S01": "rejection", "S02": "assessment", "S03": "warning", "S04": "assessment", "S05": "demand",
    "S06": "demand", "S07": "rejection", "S08": "assessment", "S09": "demand", "S10": "warning",
    "S11": "rejection", "S12": "proposal", "S13": "assessment", "S15": "commitment", "S16": "commitment",
    "S17": "assessment", "S18": "assessment", "S21": "demand", "S26": "demand", "S27": "proposal",
    "S28": "demand",
}
# Rows left out: topic `other` (not scored), duplicates, and S25 (a prediction
# about the Kremlin by an opposition figure, not anyone's own position).
GOLD_SKIP = {"S14", "S19", "S20", "S22", "S23", "S24", "S25", "S29", "S30"}
GOLD_NOTES = {
    "S06": "Background in the live blog: the accession treaties of September 2022.",
    "S09": "Reuters, citing unnamed industry insiders; the industry ministry had not commented.",
    "S13": "Zakharova's claim that the US is distancing itself from the troop plans.",
    "S21": "An expectation in George Grylls's analysis before Rutte met Trump.",
    "S26": "Two unnamed sources told Reuters the demands broadly match these earlier terms.",
    "S27": "The proposal for an immediate 30-day ceasefire agreed at Jeddah on 11 March.",
    "S28": "Interview with the Financial Times, published 13 March.",
}
# Rows whose quote, as the timeline gives it, does not carry a stance the
# row codes: the quote is completed from the same statement, as a report
# carrying both sentences gives it (the outlet and address become that
# report's), and the note says so.
COMPLETED = {
    "T37": (
        "“Now is the time to stop the killing and for an immediate ceasefire.” … “Given President Putin's refusal "
        "to end this senseless war, Treasury is sanctioning Russia's two largest oil companies that fund the "
        "Kremlin's war machine,”",
        "Anadolu Agency via MENAFN",
        "https://menafn.com/1110236022/US-Sanctions-Russias-Rosneft-Lukoil-Oil-Firms",
        "Quote completed from the Treasury statement of 22 October 2025 (a US federal work); the Novinite report "
        "(https://www.novinite.com/view_news.php?id=235053) paraphrases the ceasefire call.",
    ),
}

SPEAKER_NOTES = {
    "T28": "Joint statement by António Costa, Ursula von der Leyen and European leaders.",
    "T41": "Joint statement by European leaders with Canada and Japan.",
}


def canonical_speaker(actor, name):
    name = name.strip()
    if not name:
        return None
    for a in ACTORS:
        if a[0] != actor:
            continue
        for (n, _role, aliases) in a[4]:
            if name.lower() == n.lower() or name.lower() in (x.lower() for x in aliases):
                return n
    return None  # a name the actor does not know: kept out of the sample


def ulid(ms, seed):
    alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    rnd = int.from_bytes(hashlib.sha256(seed.encode()).digest()[:10], "big")
    value = (ms << 80) | rnd
    out = []
    for _ in range(26):
        out.append(alphabet[value & 31])
        value >>= 5
    return "".join(reversed(out))


def ron_str(s):
    return json.dumps(s, ensure_ascii=False)


def clean_quote(q):
    q = q.strip()
    paraphrase = q.startswith("~")
    if paraphrase:
        q = q[1:].strip()
    # One quotation wrapped in a single pair of curly quotes: keep the words only.
    if q.startswith("“") and q.count("“") == 1 and q.rstrip(" ,.").endswith("”") and q.count("”") == 1:
        q = q.rstrip()[1:-1].rstrip()
        if q.endswith(","):
            q = q[:-1]
    return q, paraphrase


def published_from_url(url):
    m = re.search(r"/(20\d\d)/(\d\d)/(\d\d)/", url or "")
    if m:
        return f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
    m = re.search(r"/(20\d\d)/(\d\d)/(\d)/", url or "")
    if m:
        return f"{m.group(1)}-{m.group(2)}-0{m.group(3)}"
    return None


def load_evidence():
    """(row, topic) -> (excerpt, rationale, verdict)"""
    out = {}
    with open(os.path.join(ROOT, "data", "evidence.tsv"), encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            out[(r["row"], topic_id(r["topic"]))] = (r["excerpt"].strip(), r["rationale"].strip(), r["verdict"].strip())
    return out


EVIDENCE = None


def statement(row_id, date, actor, speaker, kind, quote, topics, stances, verification, outlet, url,
              published, notes, tags):
    global EVIDENCE
    if EVIDENCE is None:
        EVIDENCE = load_evidence()
    q, paraphrase = clean_quote(quote)
    rec = f"{published or date}"
    if len(rec) == 7:
        rec += "-01"
    ms = int(datetime.strptime(rec[:10], "%Y-%m-%d").replace(hour=18, tzinfo=timezone.utc).timestamp() * 1000)
    stamp = datetime.fromtimestamp(ms / 1000, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    lines = ["        (",
             f"            id: {ron_str(ulid(ms, 'stancebook-sample-' + row_id))},",
             f"            date: {ron_str(date)},",
             f"            actor: {ron_str(actor)},"]
    if speaker:
        lines.append(f"            speaker: {ron_str(speaker)},")
    lines.append(f"            kind: {kind},")
    lines.append(f"            quote: {ron_str(q)},")
    if paraphrase:
        lines.append("            paraphrase: true,")
    lines.append("            positions: [")
    for t, s in zip(topics, stances):
        excerpt, rationale, verdict = EVIDENCE.get((row_id, t), ("", "", "keep"))
        if verdict == "drop":
            continue
        if verdict.startswith("restance"):
            s = int(verdict.split()[1])
        if excerpt and excerpt not in q:
            sys.exit(f"{row_id} {t}: the evidence is not part of the quote: {excerpt!r}")
        ev = []
        if excerpt:
            ev.append(f"excerpt: {ron_str(excerpt)}")
        if rationale:
            ev.append(f"rationale: {ron_str(rationale)}")
        evidence = f", evidence: ({', '.join(ev)})" if ev else ""
        lines.append(f"                (topic: {ron_str(t)}, stance: {int(s)}{evidence}),")
    lines.append("            ],")
    lines.append("            source: (")
    lines.append(f"                outlet: {ron_str(outlet)},")
    if url:
        lines.append(f"                url: {ron_str(url)},")
    if published:
        lines.append(f"                published: {ron_str(published)},")
    lines.append(f"                reliability: {RELIABILITY[outlet]},")
    lines.append("            ),")
    lines.append(f"            credibility: {CREDIBILITY[verification]},")
    lines.append(f"            verification: {verification},")
    if tags:
        lines.append("            tags: [" + ", ".join(ron_str(t) for t in tags) + "],")
    if notes:
        lines.append(f"            notes: {ron_str(notes)},")
    lines.append(f"            recorded_at: {ron_str(stamp)},")
    lines.append(f"            updated_at: {ron_str(stamp)},")
    lines.append("        ),")
    return "\n".join(lines)


def events():
    """The events of data/events.tsv: 2025's key events, each sourced (outlet,
    address, publication date) and checked against its source; titles and
    notes in our words."""
    known = {a[0] for a in ACTORS}
    lines = []
    with open(os.path.join(ROOT, "data", "events.tsv"), encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            actors = [a for a in r["actors"].split(",") if a]
            missing = [a for a in actors if a not in known]
            if missing:
                sys.exit(f"event {r['date']} {r['title']}: unknown actors {missing}")
            if not (r["outlet"] and r["url"] and r["published"]):
                sys.exit(f"event {r['date']} {r['title']}: not sourced")
            ms = int(datetime.strptime(r["published"], "%Y-%m-%d").replace(hour=18, tzinfo=timezone.utc).timestamp() * 1000)
            stamp = datetime.fromtimestamp(ms / 1000, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")
            lines.append("        (")
            lines.append(f"            id: {ron_str(ulid(ms, 'stancebook-event-' + r['date'] + r['title']))},")
            lines.append(f"            date: {ron_str(r['date'])},")
            if r["end"]:
                lines.append(f"            end: {ron_str(r['end'])},")
            lines.append(f"            title: {ron_str(r['title'])},")
            lines.append(f"            kind: {r['kind']},")
            lines.append("            actors: [" + ", ".join(ron_str(a) for a in actors) + "],")
            if r["place"]:
                lines.append(f"            place: {ron_str(r['place'])},")
            lines.append(f"            source: (outlet: {ron_str(r['outlet'])}, url: {ron_str(r['url'])}, "
                         f"published: {ron_str(r['published'])}),")
            if r["notes"]:
                lines.append(f"            notes: {ron_str(r['notes'])},")
            lines.append(f"            recorded_at: {ron_str(stamp)},")
            lines.append(f"            updated_at: {ron_str(stamp)},")
            lines.append("        ),")
    return lines


def topic_id(t):
    return "nato_membership" if t == "nato" else t


def main():
    out = ["#![enable(implicit_some)]", "(", "    schema: 6,", "    actors: ["]
    for (aid, name, kind, color, speakers) in ACTORS:
        out.append(f"        (id: {ron_str(aid)}, name: {ron_str(name)}, kind: {kind}, color: {ron_str(color)}, speakers: [")
        for (n, role, aliases) in speakers:
            out.append(f"            (name: {ron_str(n)}, role: {ron_str(role)}, aliases: [{', '.join(ron_str(a) for a in aliases)}]),")
        out.append("        ]),")
    out.append("    ],")
    out.append("    topics: [")
    for (tid, name, prop, labels, keywords) in TOPICS:
        out.append(f"        (id: {ron_str(tid)}, name: {ron_str(name)}, proposition: {ron_str(prop)},")
        out.append(f"         labels: ({', '.join(ron_str(l) for l in labels)}),")
        out.append(f"         keywords: [{', '.join(ron_str(k) for k in keywords)}]),")
    out.append("    ],")
    out.append("    briefings: [],")
    out.append("    events: [")
    out.extend(events())
    out.append("    ],")
    out.append("    statements: [")

    unknown = []
    with open(os.path.join(SHARED, "seed_gold.tsv"), encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            if r["id"] in GOLD_SKIP:
                continue
            actor = ACTOR_BY_NAME[r["actor"]]
            speaker = canonical_speaker(actor, r["speaker"])
            if r["speaker"] and not speaker:
                unknown.append((r["id"], r["speaker"]))
            topics = [topic_id(t) for t in r["topics"].split(",")]
            stances = r["stance"].split(",")
            notes = " ".join(x for x in [GOLD_NOTES.get(r["id"], ""), f"Live blog line {r['line_no']}."] if x)
            tags = ["live blog 2025-03-13"]
            out.append(statement(r["id"], r["date"], actor, speaker, GOLD_KIND[r["id"]], r["quote"], topics,
                                 stances, r["verification"], "The Times (live blog)", None, "2025-03-13", notes,
                                 tags))
    with open(os.path.join(SHARED, "timeline_2025.tsv"), encoding="utf-8") as f:
        for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            actor = ACTOR_BY_NAME[r["actor"]]
            speaker = canonical_speaker(actor, r["speaker"])
            if r["speaker"] and not speaker and r["id"] not in SPEAKER_NOTES:
                unknown.append((r["id"], r["speaker"]))
            topics = [topic_id(t) for t in r["topics"].split(",")]
            stances = r["stance"].split(",")
            tags = []
            if "partial truce" in r["notes"]:
                tags.append("partial truce")
            if r["id"] in COMPLETED:
                r["quote"], r["outlet"], r["url"], completed = COMPLETED[r["id"]]
            else:
                completed = ""
            notes = " ".join(x for x in [SPEAKER_NOTES.get(r["id"], ""), r["notes"].strip(), completed] if x)
            if notes and not notes.endswith("."):
                notes += "."
            notes = notes[0].upper() + notes[1:] if notes else notes
            out.append(statement(r["id"], r["date"], actor, speaker, r["kind"], r["quote"], topics, stances,
                                 r["verification"], r["outlet"], r["url"], published_from_url(r["url"]),
                                 notes, tags))
    out.append("    ],")
    out.append(")")
    if unknown:
        sys.exit(f"speakers not known to their actor: {unknown}")
    with open(os.path.join(ROOT, "data", "sample.ron"), "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
