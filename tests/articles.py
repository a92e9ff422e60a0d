"""Many distinct, realistic and messy articles for tests that need a flood of files.

Written for this project: invented outlets, places and people around invented negotiations,
with the furniture real pages carry (share widgets, "Read more" teasers, copyright lines),
which the cleaner removes. Article `n` ends with a sentence naming its number (`last_sentence`),
so a test can tell a complete document from one stored half-written.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

OUTLETS = ["Harbour Wire", "Meridian Report", "Lakeside Wire", "Northgate Review", "Coast Post", "Atlas Morning Post",
           "Continental Ledger", "Black Sea Dispatch", "Neva Business Daily", "Fjord Courier"]
PLACES = ["GENEVA", "BRUSSELS", "OSLO", "VIENNA", "ISTANBUL", "REYKJAVIK", "TALLINN", "VALLETTA", "LISBON", "RIGA"]
TALKS = [
    ("mackerel quota", "fisheries ministers", "the share of the northern stock"),
    ("steel tariff", "trade negotiators", "the duties on flat-rolled steel"),
    ("grain corridor", "shipping officials", "the inspection regime for cargo ships"),
    ("gas transit", "energy ministers", "the volumes pumped through the pipeline"),
    ("river water", "delegations from both banks", "the summer flow through the dam"),
    ("airspace", "aviation authorities", "the routes over the disputed strait"),
    ("chip export", "commerce officials", "licences for advanced memory chips"),
    ("prisoner exchange", "mediators", "the lists of detainees to be freed"),
]
PEOPLE = ["Ingrid Solberg", "Tomas Varga", "Leila Haddad", "Piotr Nowicki", "Ana Ferreira", "Kenji Mori",
          "Dmitri Orlov", "Sofia Lindqvist", "Omar Farouk", "Maeve Doyle", "Jonas Berg", "Elena Petrescu"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October"]
FURNITURE = [
    "Share this article: Facebook | X | LinkedIn | Email",
    "Read more: Ministers trade barbs ahead of the summit",
    "ADVERTISEMENT",
    "Sign up for our morning briefing",
]


def article(n: int) -> str:
    """Article number n: a headline, a dateline, quotes, a deadline, some page furniture."""
    outlet = OUTLETS[n % len(OUTLETS)]
    place = PLACES[(n // 3) % len(PLACES)]
    talks, who, what = TALKS[n % len(TALKS)]
    speaker, rival = PEOPLE[n % len(PEOPLE)], PEOPLE[(n * 7 + 3) % len(PEOPLE)]
    month = MONTHS[(n // 5) % len(MONTHS)]
    day, due = n % 27 + 1, (n * 11) % 27 + 1
    percent = 10 + n % 37
    lines = [
        f"{talks.capitalize()} talks: round {n} ends without a deal",
        "",
        f"By {rival.split()[0]} {outlet.split()[0]}son, {outlet}",
        "",
        FURNITURE[n % len(FURNITURE)],
        "",
        f"{place}, {month} {day}, 2025 ({outlet}) - The {who} meeting in {place.title()} failed on "
        f"{'Tuesday' if n % 2 else 'Thursday'} to settle {what}, after round {n} of the {talks} talks ran "
        f"{n % 9 + 2} hours over time.",
        "",
        f'"We came with an offer of {percent} percent and we leave with it," {speaker} told reporters '
        f"outside the conference hall, adding that the other side had \"not moved an inch\".",
        "",
        f"{rival}, who leads the other delegation, said the gap was narrower than it looked and that a "
        f"compromise on {what} was {'within reach' if n % 3 else 'still far off'}.",
        "",
        f"Both sides must submit revised proposals by {MONTHS[(n // 5 + 1) % len(MONTHS)]} {due}, the "
        f"chair said. It remains unclear whether the {n % 4 + 2} smaller delegations will sign any text.",
    ]
    if n % 2:
        lines += ["", f"Read more: {talks.capitalize()} row deepens as deadline nears"]
    lines += ["", last_sentence(n), "", f"© 2025 {outlet}. All rights reserved."]
    return "\n".join(lines) + "\n"


def last_sentence(n: int) -> str:
    return f"Officials said the date of session number {n} would be announced later."


def write_articles(folder: Path, count: int, start: int = 0) -> list[Path]:
    """Write articles start..start+count-1 into folder at once (whole files); their paths."""
    paths = []
    for n in range(start, start + count):
        path = folder / f"{n:04d}-{TALKS[n % len(TALKS)][0].replace(' ', '-')}.txt"
        path.write_text(article(n), encoding="utf-8")
        paths.append(path)
    return paths


def write_slowly(path: Path, text: str, pieces: int = 4, pause: float = 0.15) -> None:
    """Write text in pieces with pauses, flushing each, like an upload over a slow link."""
    data = text.encode("utf-8")
    step = max(1, len(data) // pieces)
    with path.open("wb") as f:
        for i in range(0, len(data), step):
            f.write(data[i:i + step])
            f.flush()
            os.fsync(f.fileno())
            time.sleep(pause)


def write_renamed(path: Path, text: str) -> None:
    """Write text under NAME.part, then rename it into place, as browsers and sync tools do."""
    partial = path.with_name(path.name + ".part")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)
