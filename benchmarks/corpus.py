"""Generated drop folders for benchmarks: many stories, each told by several outlets over several days.

With the TimeBank/AQUAINT newswire beside the repository (../shared/corpus/tbaq, 256
articles from 1998-2000), every story is built from one to three of those articles:
its names are swapped for the story's own (so stories that share a source article
still differ in vocabulary), its articles get new datelines in 2025, and each article
takes a different selection of the story's paragraphs plus a few of its own figures.
Without the corpus, a generator with a large made-up vocabulary writes the stories.

Both are messy like the real thing: share lines, teasers, tag lists and copyright
footers; some articles undated; some near-duplicate republications of another outlet's
story. The corpus is deterministic for a given seed and count.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

from summarizer.dates.timeml import DEFAULT_CORPUS, parse_tml

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "drop"
CITIES = ["Brussels", "Geneva", "Istanbul", "Warsaw", "Vienna", "Riga", "Oslo", "Ankara", "Doha", "Tallinn", "Nairobi",
          "Lisbon", "Ottawa", "Canberra", "Seoul", "Lima", "Accra", "Hanoi", "Bogota", "Tunis", "Prague", "Dublin"]
OUTLETS = ["Harbour Wire", "Lakeside Wire", "Neva Business Daily", "Meridian Report", "Capitol Trade Daily",
           "Northline Review", "Riverside Courier", "Coast Post", "Atlas Morning Post", "Black Sea Dispatch",
           "Continental Ledger", "Tech Europa Daily", "Lowland Press", "Digital Policy Monitor", "Southern Cross Times",
           "Prairie Ledger", "Andes Herald", "Gulf Chronicle", "Baltic Bulletin", "Sahel Observer"]
FURNITURE = ["Share this article | Share on Facebook | Tweet | Copy link", "Share | Tweet | Email",
             "Follow us on X @{handle}", "Tags: {tags}", "Topics: {tags}", "Related: {teaser}", "See also: {teaser}",
             "Read more: {teaser}", "\u00a9 2025 {outlet}. All rights reserved.", "Comments (12) | Add a comment",
             "WATCH: {teaser} (2:14)"]
TEASERS = ["Ski resorts open early after a cold snap", "Cherry blossoms draw record crowds",
           "Cycle lanes split the city council", "Cocoa prices hit a new high", "A heatwave grips the south",
           "Hotels in Amsterdam raise prices",
           "The best budget laptops of the year", "Five recipes for a rainy weekend", "Markets close mixed"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
START = dt.date(2025, 1, 6)
# Capitalised words never swapped: calendar words, and what a resolver or a reader needs as written.
_KEEP = set(MONTHS) | {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Mr", "Mrs", "Ms",
                       "Dr", "Jan", "Feb", "Mar", "Apr", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec", "The", "I"}
_NAME = re.compile(r"(?<=[a-z,;] )[A-Z][a-z]{3,}\b")


def corpus_kind() -> str:
    return "newswire" if _newswire() else "generated"


@lru_cache(maxsize=1)
def _newswire() -> tuple[tuple[str, ...], ...]:
    """The paragraphs of each TimeBank/AQUAINT article (empty when the corpus is absent)."""
    files = sorted(DEFAULT_CORPUS.glob("*/*.tml")) if DEFAULT_CORPUS.is_dir() else []
    articles = []
    for path in files:
        text = parse_tml(path).text
        paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text)]
        paragraphs = [p.replace("``", "\u201c").replace("''", "\u201d") for p in paragraphs if len(p) > 60]
        if len(paragraphs) >= 3:
            articles.append(tuple(paragraphs))
    return tuple(articles)


@lru_cache(maxsize=1)
def _names() -> tuple[list[str], set[str]]:
    """Capitalised words of the newswire that are names (never written in lower case), and the common words."""
    counts: Counter[str] = Counter()
    lower: set[str] = set()
    for article in _newswire():
        for p in article:
            counts.update(_NAME.findall(p))
            lower.update(re.findall(r"\b[a-z]{4,}\b", p))
    names = sorted(w for w in counts if w.lower() not in lower and w not in _KEEP)
    return names, lower


def _swapper(rng: random.Random):
    """A story's own names: each name of the newswire is replaced by another, the same way in every article."""
    names, _ = _names()
    shuffled = names[:]
    rng.shuffle(shuffled)
    mapping = dict(zip(names, shuffled))
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, sorted(names, key=len, reverse=True))) + r")\b") \
        if names else None
    return (lambda text: pattern.sub(lambda m: mapping[m.group(1)], text)) if pattern else (lambda text: text)


_SYLLABLES = ["ka", "ro", "ven", "dal", "mi", "tor", "es", "lun", "bra", "ish", "ot", "per", "sa", "gu", "len", "ria",
              "mon", "tak", "vel", "ci", "dor", "an", "pol", "sen", "ul", "rek", "fa", "zin", "ho", "ber"]
_VERBS = ["agreed", "rejected", "proposed", "demanded", "announced", "postponed", "welcomed", "criticised", "signed",
          "suspended", "approved", "blocked", "extended", "reviewed"]


def _word(rng: random.Random, capital: bool = False) -> str:
    w = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))
    return w.capitalize() if capital else w


def _generated_story(rng: random.Random) -> tuple[str, ...]:
    """Paragraphs for one story without the newswire: a large made-up vocabulary in news shapes."""
    people = [f"{_word(rng, True)} {_word(rng, True)}" for _ in range(4)]
    bodies = [f"{_word(rng, True)} {rng.choice(['Ministry', 'Council', 'Alliance', 'Union', 'Agency'])}"
              for _ in range(3)]
    topic = [_word(rng) for _ in range(12)]
    paragraphs = []
    for k in range(14):
        who, body = rng.choice(people), rng.choice(bodies)
        things = " ".join(rng.sample(topic, 3))
        shapes = [
            f"{who}, a spokesperson for the {body}, said on {rng.choice(['Monday', 'Tuesday', 'Friday'])} that the "
            f"{things} plan would be {rng.choice(_VERBS)} by {rng.choice(MONTHS)} {rng.randint(1, 28)}.",
            f"\u201cWe will not accept any {things} that ignores our {rng.choice(topic)},\u201d {who} told reporters.",
            f"The {body} {rng.choice(_VERBS)} the {things} proposal, and talks will resume next week in "
            f"{rng.choice(CITIES)}.",
            f"It remains unclear whether the {body} will {rng.choice(['sign', 'join', 'fund'])} the {things} deal.",
            f"Officials gave the {rng.choice(topic)} committee {rng.randint(10, 90)} days to respond to the "
            f"{things} request.",
        ]
        sentences = rng.sample(shapes, 3) + [f"{rng.randint(2, 900)} {rng.choice(topic)} {rng.choice(topic)} were "
                                             f"counted in {rng.choice(CITIES)} last month."]
        paragraphs.append(" ".join(sentences))
    return tuple(paragraphs)


def _story_material(rng: random.Random) -> tuple[str, ...]:
    wire = _newswire()
    if not wire:
        return _generated_story(rng)
    swap = _swapper(rng)
    sources = rng.sample(range(len(wire)), k=rng.choice((1, 1, 2, 3)))
    while sum(len(p) for i in sources for p in wire[i]) < 7000:  # enough for articles of 4 KB to differ
        sources.append(rng.randrange(len(wire)))
    return tuple(swap(p) for i in dict.fromkeys(sources) for p in wire[i])


def _own_paragraph(rng: random.Random, city: str) -> str:
    """What only this article says: figures and a made-up name or two, in one of several shapes."""
    name, place = _word(rng, True), _word(rng, True)
    shapes = [
        f"Officials in {city} said {rng.randint(2, 90)} delegates had registered, up from {rng.randint(10, 99)}.",
        f"{name} Holdings, based in {place}, reported {rng.randint(2, 900)} million in "
        f"{rng.choice(['sales', 'losses'])}.",
        f"A {rng.choice(['survey', 'poll', 'census'])} of {rng.randint(100, 5000)} residents of {place} found "
        f"{rng.randint(5, 95)} percent {rng.choice(['opposed', 'backed', 'doubted'])} the plan.",
        f"Police in {place} said {rng.randint(2, 60)} people were {rng.choice(['detained', 'injured', 'questioned'])} "
        f"after the {rng.choice(['march', 'protest', 'vigil', 'meeting'])}.",
        f"The {name} {rng.choice(['committee', 'panel', 'board'])} will {rng.choice(['meet', 'vote', 'report'])} "
        f"again on {rng.choice(MONTHS)} {rng.randint(1, 28)}, its chair, {_word(rng, True)} {name}, said.",
    ]
    return " ".join(rng.sample(shapes, 2))


def _dateline(rng: random.Random, city: str, day: dt.date, outlet: str) -> str:
    shape = rng.random()
    if shape < 0.55:
        return f"{city.upper()}, {MONTHS[day.month - 1]} {day.day}, {day.year} ({outlet}) -"
    if shape < 0.8:
        return f"Published: {day.day} {MONTHS[day.month - 1]} {day.year} 08:{rng.randint(10, 59)} CET"
    return f"[{city}, {MONTHS[day.month - 1]} {day.day}, {day.year}]"


def _furniture(rng: random.Random, outlet: str) -> list[str]:
    tags = ", ".join(rng.sample(["talks", "trade", "sanctions", "courts", "energy", "elections", "security"], 3))
    picks = rng.sample(FURNITURE, 3)
    return [f.format(outlet=outlet, handle=outlet.replace(" ", ""), tags=tags, teaser=rng.choice(TEASERS))
            for f in picks]


def _article(rng: random.Random, material: tuple[str, ...], title: str, city: str, day: dt.date | None,
             outlet: str, size: int, serial: int) -> str:
    head = [title, f"By {_word(rng, True)} {_word(rng, True)}"]
    if rng.random() < 0.5:
        head.append(_furniture(rng, outlet)[0])
    lead = material[0]
    if day is not None:  # wire copy opens with its dateline; web copy states the date on a line of its own
        dateline = _dateline(rng, city, day, outlet)
        if dateline.startswith(("[", "Published")):
            head.append(dateline)
        else:
            lead = f"{dateline} {lead}"
    body = [lead]
    rest = list(material[1:])
    rng.shuffle(rest)
    body.insert(rng.randint(1, 2), _own_paragraph(rng, city))
    for p in rest:
        if sum(len(x) for x in head + body) >= size:
            break
        body.append(p)
    return "\n\n".join(head + body + _furniture(rng, outlet)) + "\n"


def _republished(rng: random.Random, text: str, outlet: str) -> str:
    """Another outlet's copy: a new headline, one word changed, one sentence added at the end."""
    paragraphs = text.split("\n\n")
    paragraphs[0] = f"{paragraphs[0]} ({outlet})"
    words = paragraphs[-4].split()
    if len(words) > 8:
        words[len(words) // 2] = rng.choice(["reportedly", "also", "again"])
        paragraphs[-4] = " ".join(words)
    paragraphs.insert(-3, f"A spokesperson told {outlet} on Tuesday that talks would continue.")
    return "\n\n".join(paragraphs)


def generate(folder: Path, count: int = 1000, size: int = 4000, seed: int = 7, *, start: dt.date = START,
             days: int = 180) -> list[Path]:
    """Write `count` articles of about `size` bytes into `folder`, in stories of 1 to 40; returns their paths.

    Stories start on days spread over `days` from `start`; each runs for up to three weeks.
    """
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths: list[Path] = []
    story = 0
    while len(paths) < count:
        material = _story_material(rng)
        # Most stories are one or a few articles; some run to dozens.
        length = min(count - len(paths), 40, int(rng.paretovariate(1.1)) if rng.random() < 0.7 else rng.randint(5, 40))
        city = rng.choice(CITIES)
        begin = start + dt.timedelta(days=rng.randrange(days))
        title_words = re.findall(r"[A-Za-z]+", material[0])[:8]
        written: list[str] = []
        for k in range(length):
            serial = len(paths)
            outlet = rng.choice(OUTLETS)
            day = begin + dt.timedelta(days=rng.randrange(21))
            if written and rng.random() < 0.07:
                text = _republished(rng, rng.choice(written), outlet)
            else:
                undated = rng.random() < 0.03
                title = " ".join(title_words[: rng.randint(5, 8)]).strip() or f"Story {story}"
                text = _article(rng, material, title, city, None if undated else day, outlet, size, serial)
                written.append(text)
            path = folder / f"s{story:05d}-a{serial:05d}.txt"
            path.write_text(text, encoding="utf-8")
            paths.append(path)
        story += 1
    return paths
