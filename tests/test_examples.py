"""The bundled example drop folder (what `make demo` ingests), checked against examples/README.md."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bot.ingest import ADDED, DUPLICATE, Ingester
from tests.conftest import EXAMPLES, NOW

EXPECTED_DATES = {  # worked out by hand from each file (see examples/README.md)
    "harbour-wire-kyiv-welcomes-50-day-deadline.txt": ("2025-07-15", "text"),
    "continental-ledger-zelenskyy-hails-us-ultimatum.txt": ("2025-07-16", "text"),
    "neva-business-daily-kremlin-summit-only-at-the-end.txt": ("2025-07-20", "text"),
    "meridian-report-kremlin-denies-talks-stalled.txt": ("2025-07-21", "text"),
    "atlas-morning-post-istanbul-third-round-preview.html": ("2025-07-22", "html-meta"),
    "mfa-ukraine-press-release-istanbul-delegation.eml": ("2025-07-22", "email-header"),
    "black-sea-dispatch-istanbul-third-round-prisoner-swap.txt": ("2025-07-23", "text"),
    "northgate-review-analysis-after-istanbul.md": (None, None),
}


def ingest_examples(store):
    return {o.path.name: o for o in Ingester(store, now=lambda: NOW).ingest_paths([EXAMPLES])}


def test_every_example_is_stored_with_its_date(store):
    outcomes = ingest_examples(store)
    assert set(outcomes) == set(EXPECTED_DATES)
    for name, (published, source) in EXPECTED_DATES.items():
        doc = store.document(outcomes[name].document_id)
        assert (doc["published"], doc["date_source"]) == (published, source), name
        assert doc["undated"] == (published is None)


def test_the_republished_wire_story_is_linked_to_the_original(store):
    outcomes = ingest_examples(store)
    copy = outcomes["continental-ledger-zelenskyy-hails-us-ultimatum.txt"]
    original = outcomes["harbour-wire-kyiv-welcomes-50-day-deadline.txt"]
    # Whatever the order they were read in, the copy published first (15 July) is the original.
    assert store.document(copy.document_id)["duplicate_of"] == original.document_id
    assert store.document(original.document_id)["duplicate_of"] is None
    assert sorted(o.status for o in (copy, original)) == [ADDED, DUPLICATE]
    assert sorted(o.status for o in outcomes.values()).count(ADDED) == 7


def test_cp1252_file_is_decoded_without_mojibake(store):
    outcomes = ingest_examples(store)
    text = store.document(outcomes["meridian-report-kremlin-denies-talks-stalled.txt"].document_id)["text"]
    assert "\u201cA meeting of the leaders can only take place at the end" in text
    assert "â€" not in text and "\ufffd" not in text


def test_furniture_is_gone_and_content_stays(store):
    outcomes = ingest_examples(store)
    docs = {name: store.document(o.document_id)["text"] for name, o in outcomes.items()}
    for name, text in docs.items():
        for furniture in ("Share on Facebook", "All rights reserved", "Required fields are marked", "Tags:",
                          "Follow us on X"):
            assert furniture not in text, (name, furniture)
    nbd = docs["neva-business-daily-kremlin-summit-only-at-the-end.txt"]
    assert nbd.count("Moscow has rejected Kyiv\u2019s demand") == 1  # the CMS-repeated paragraph, once
    assert "Kremlin spokesman Dmitry Peskov told state television" in nbd
    bsd = docs["black-sea-dispatch-istanbul-third-round-prisoner-swap.txt"]
    assert bsd.count("The talks took place under pressure from Washington.") == 1
    assert "Heatwave pushes Istanbul power demand" not in bsd


def test_html_and_email_metadata(store):
    outcomes = ingest_examples(store)
    html = store.document(outcomes["atlas-morning-post-istanbul-third-round-preview.html"].document_id)
    assert html["source"] == "Atlas Morning Post" and html["format"] == "html"
    assert "Most popular" not in html["text"]
    email = store.document(outcomes["mfa-ukraine-press-release-istanbul-delegation.eml"].document_id)
    assert email["format"] == "eml" and "Press Office" in email["source"]
    assert "Zelenskyy" in email["text"] and "\r" not in email["text"]


def test_a_days_briefing_on_one_story_fits_in_about_300_words(store):
    """The issue's length rule: the 8 example articles (one story) make one short briefing."""
    from adapters.markdown import render_markdown
    from bot.commands import Commands

    list(Ingester(store, now=lambda: NOW).ingest_paths([EXAMPLES]))
    briefing = Commands(store, now=lambda: NOW).digest()
    text = render_markdown(briefing)
    body = text.split("\n", 2)[2]  # after the title and the counts line
    assert len(body.split()) <= 300, body
    # Shortening quotes must keep every item and every date in view.
    for d in briefing.deadlines:
        assert dt.date.fromisoformat(d.due).strftime("%a %-d %b %Y") in body
    for p in briefing.positions:
        assert f"**{p.actor}**" in body
    assert body.count("\n- ") == (len(briefing.positions) + len(briefing.deadlines)
                                  + len(briefing.open_questions) + len(briefing.developments))


def test_asking_for_a_deadline_the_sources_disagree_on_says_so(store):
    """Harbour Wire counts 50 days from Monday 14 July (2 September); Neva Business Daily writes "around
    September 3". The answer gives one date, the other, and cites both."""
    from bot.commands import Commands

    list(Ingester(store, now=lambda: NOW).ingest_paths([EXAMPLES]))
    for question in ("When is the deadline for Moscow?", "When does the 50-day ultimatum expire?"):
        answer = Commands(store, now=lambda: NOW).ask(question)
        assert answer.answerable
        assert "sources disagree" in answer.answer
        assert "2 Sep 2025" in answer.answer or "September 2" in answer.answer
        assert "3 Sep 2025" in answer.answer or "September 3" in answer.answer
        sources = {c.source for c in answer.citations}
        assert {"Harbour Wire", "Neva Business Daily"} <= sources
        for c in answer.citations:
            assert store.document(c.document_id)["text"][c.start:c.end] == c.quote


def test_make_demo_reads_as_of_the_examples_own_week(tmp_path):
    """`make demo` briefs as of the morning after the newest example article, and says so above the briefing:
    against today's clock every deadline of July 2025 would read "501 days ago"."""
    import re
    import subprocess
    import sys

    from tests.conftest import ROOT

    makefile = (ROOT / "Makefile").read_text()
    now = dt.datetime.fromisoformat(re.search(r"^DEMO_NOW := (\S+)$", makefile, re.M).group(1))
    dates = [dt.date.fromisoformat(published) for published, _ in EXPECTED_DATES.values() if published]
    assert now.date() == max(dates) + dt.timedelta(days=1) and 6 <= now.hour < 12 and now.utcoffset() is not None
    assert {(d.year, d.month) for d in dates} == {(2025, 7)}  # what the line above the briefing says
    result = subprocess.run(["make", "--no-print-directory", "demo", f"BIN={Path(sys.executable).parent}", "STAMP=",
                             f"DEMO_DB={tmp_path / 'demo.db'}"], cwd=ROOT, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    title = lines.index("# Briefing: all")
    utc = now.astimezone(dt.timezone.utc)
    assert lines[title - 1] == (f"As of {utc:%a %-d %b %Y %H:%M} UTC, the examples' own week: "
                                "the articles are from July 2025.")
    assert "8 documents from 7 sources" in lines[title + 1]
    assert "Tue 2 Sep 2025 (in 40 days)" in result.stdout and "days ago" not in result.stdout
