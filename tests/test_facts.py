"""Facts read once per document (summarizer.facts.document, bot.facts): stored at ingest, merged by the briefing,
read again from the stored parse when the engine changes, and deadlines kept merged as documents arrive."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import subprocess
import sys

import pytest

from bot.commands import Commands
from bot.deadline_index import stored_deadlines
from bot.facts import FactReader
from bot.ingest import Ingester
from summarizer.briefing import Window, build_briefing, current_deadlines
from summarizer.facts.document import ENGINE, DocumentFacts
from tests.conftest import EXAMPLES, NOW, ROOT

WINDOW = Window("all", None, NOW.isoformat())
EVERYTHING = {"positions": 50, "deadlines": 50, "open_questions": 50, "developments": 5}


def stored(store):
    list(Ingester(store, now=lambda: NOW).ingest_paths([EXAMPLES]))
    docs = store.documents_in_window(None, "9999")
    return docs, store.sentences_of([d["id"] for d in docs])


def test_every_new_document_has_its_facts_and_parse_stored(store):
    docs, _ = stored(store)
    rows = store.facts_of(d["id"] for d in docs)
    assert set(rows) == {d["id"] for d in docs} and {r["engine"] for r in rows.values()} == {ENGINE}
    assert set(store.parses_of(d["id"] for d in docs)) == {d["id"] for d in docs}
    facts = DocumentFacts.from_bytes(next(iter(rows.values()))["data"])
    assert dataclasses.asdict(DocumentFacts.from_bytes(facts.to_bytes())) == dataclasses.asdict(facts)


def test_a_briefing_from_stored_facts_is_the_briefing_read_from_the_text(store):
    docs, sentences = stored(store)
    facts = FactReader(store).facts_for(docs)
    from_facts = build_briefing(docs, sentences, WINDOW, today=NOW.date(), limits=EVERYTHING, facts=facts)
    from_text = build_briefing(docs, sentences, WINDOW, today=NOW.date(), limits=EVERYTHING)
    assert from_facts.to_json() == from_text.to_json()
    assert len(from_facts.positions) >= 5 and len(from_facts.deadlines) >= 5 and from_facts.open_questions


def test_a_digest_from_stored_facts_loads_no_parser(store):
    stored(store)
    script = ("import sys, datetime as dt\nfrom bot.store import Store\nfrom bot.commands import Commands\n"
              f"c = Commands(Store({str(store.path)!r}), now=lambda: dt.datetime(2025, 7, 24, 9, 0, "
              "tzinfo=dt.timezone.utc))\nb = c.digest(since=dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc))\n"
              "print(len(b.positions), 'spacy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True)
    positions, spacy_loaded = out.stdout.split()
    assert int(positions) > 0 and spacy_loaded == "False"


def test_facts_of_an_older_engine_are_read_again_from_the_stored_parse(store, monkeypatch):
    import bot.facts

    docs, sentences = stored(store)
    before = build_briefing(docs, sentences, WINDOW, today=NOW.date(), facts=FactReader(store).facts_for(docs))
    store.db.execute("update document_facts set engine = engine - 1")
    store.db.conn.commit()
    parsed: list[str] = []
    real = bot.facts._parse
    monkeypatch.setattr(bot.facts, "_parse", lambda texts: parsed.extend(texts) or real(texts))
    reader = FactReader(store)
    assert sorted(reader.stale()) == sorted(d["id"] for d in docs)
    reader.read_ids(reader.stale())
    assert reader.stale() == [] and parsed == []  # nothing parsed twice
    after = build_briefing(docs, sentences, WINDOW, today=NOW.date(), facts=reader.facts_for(docs))
    assert after.to_json() == before.to_json()


def test_a_parse_stored_by_another_model_is_parsed_again_not_read(store, monkeypatch):
    import bot.facts

    docs, _ = stored(store)
    store.db.execute("update document_facts set engine = engine - 1")
    store.db.execute("update parses set model = 'en_core_web_sm-2.0.0'")
    store.db.conn.commit()
    parsed: list[str] = []
    real = bot.facts._parse
    monkeypatch.setattr(bot.facts, "_parse", lambda texts: parsed.extend(texts) or real(texts))
    reader = FactReader(store)
    reader.read_ids(reader.stale())
    assert parsed  # the old model's parses were not taken for this one's
    models = {row["model"] for row in store.parses_of(d["id"] for d in docs).values()}
    assert models == {bot.facts.MODEL_KEY}


def test_the_cli_reindex_reads_stale_documents(tmp_path):
    from typer.testing import CliRunner

    from bot.cli import app

    db = str(tmp_path / "b.db")
    runner = CliRunner()
    assert runner.invoke(app, ["--db", db, "ingest", str(EXAMPLES)]).exit_code == 0
    assert "facts are current" in runner.invoke(app, ["--db", db, "reindex"]).output
    from bot.store import Store

    store = Store(db)
    store.db.execute("update document_facts set engine = 0 where rowid in (select rowid from document_facts "
                     "limit 3)")
    store.db.conn.commit()
    result = runner.invoke(app, ["--db", db, "reindex"])
    assert result.exit_code == 0 and "3 document(s) read" in result.output
    assert FactReader(store).stale() == []


def test_the_deadline_index_lists_what_the_story_gives(store):
    docs, sentences = stored(store)
    today = dt.date(2025, 7, 20)
    batch = current_deadlines(docs, sentences, today=today, per_story=50)
    kept = stored_deadlines(store, ["default"], today)
    assert [(d.due, d.what, d.sources, d.conflicts) for d in kept] == \
        [(d.due, d.what, d.sources, d.conflicts) for d in batch]
    assert Commands(store, now=lambda: dt.datetime(2025, 7, 20, 9, tzinfo=dt.timezone.utc)).deadlines() == kept


QUOTA = ("GENEVA, July 20, 2025 (Harbour Wire) - The deadline for the fishing quota agreement expires on "
         "September 2, the commission said. Negotiators from both fleets met in Geneva.\n")
OTHER = ("ROME, July 21, 2025 (Wire) - The olive oil export rules take effect on November 14, the ministry said, "
         "and growers have until October 1 to register.\n")
MOVED = ("OSLO, July 22, 2025 (Nordic Wire) - The deadline for the fishing quota agreement now expires on "
         "September 5, the commission said.\n")


def test_a_new_document_touches_only_the_deadlines_it_joins(store, drop):
    for name, text, hour in (("a.txt", QUOTA, 10), ("b.txt", OTHER, 11)):
        (drop / name).write_text(text, encoding="utf-8")
        Ingester(store, now=lambda h=hour: dt.datetime(2025, 7, 22, h, tzinfo=dt.timezone.utc)).ingest_file(drop / name)
    groups = store.deadline_groups(["default"])
    # September 2; October 1 and November 14, two things first reported by one sentence
    assert sorted(g["first"] for g in groups) == ["2025-09-02", "2025-10-01", "2025-11-14"]
    seq = store.last_plan_change()
    (drop / "c.txt").write_text(MOVED, encoding="utf-8")
    Ingester(store, now=lambda: dt.datetime(2025, 7, 22, 12, tzinfo=dt.timezone.utc)).ingest_file(drop / "c.txt")
    (change,) = store.plan_changes_since(seq)
    quota = next(g["item"] for g in groups if g["first"] == "2025-09-02")
    assert json.loads(change["items"]) == [quota]  # the olive oil deadlines were not touched
    (merged,) = [d for d in stored_deadlines(store, ["default"], dt.date(2025, 7, 22)) if "quota" in d.what]
    # "now expires on September 5", two days later: the newer article says the date moved
    assert merged.due == "2025-09-05" and [(c["due"], c.get("superseded")) for c in merged.conflicts] == [
        ("2025-09-02", True)]


def test_a_name_one_article_teaches_is_one_name_in_the_others(store):
    """The Digital Policy Monitor never tags "Northwind AI" as a name (it learns "AI" alone); the other
    articles do. Read with every name the batch knows, "Northwind AI repeated that it would not sign."
    is Northwind AI's, not a speaker called "AI"."""
    folder = ROOT / "tests" / "fixtures" / "gold" / "ai-code-of-practice"
    list(Ingester(store, now=lambda: NOW).ingest_paths([folder]))
    assert "Northwind AI" in store.names()["org"]
    docs = store.documents_in_window(None, "9999")
    briefing = build_briefing(docs, store.sentences_of([d["id"] for d in docs]), WINDOW, today=NOW.date(),
                              limits=EVERYTHING, facts=FactReader(store).facts_for(docs))
    actors = {p.actor: p for p in briefing.positions}
    assert "AI" not in actors
    assert any("Northwind AI repeated" in c.quote for c in actors["Northwind AI"].citations)


SUNDAY = ("date 2025-03-05\n\nThe ferry operator must sell its Baltic routes by Sunday or lose its licence.\n\n"
          "The maritime regulator suspended Nordlys Ferries over safety lapses on its Riga crossings.\n")
NINTH = ("date 2025-03-06\n\nThe licence ban takes effect on 9 March unless the routes are sold.\n\n"
         "Nordlys Ferries was suspended by the maritime regulator over safety lapses on the Riga crossings.\n")


def test_one_deadline_in_other_words_is_one_item_in_the_briefing_and_in_the_reminders(store, drop):
    # "by Sunday" (written Wednesday 5 March) and "on 9 March": one day, one thing, said two ways.
    for name, text, day in (("a.txt", SUNDAY, 5), ("b.txt", NINTH, 6)):
        (drop / name).write_text(text, encoding="utf-8")
        Ingester(store, now=lambda d=day: dt.datetime(2025, 3, d, 12, tzinfo=dt.timezone.utc)).ingest_file(drop / name)
    today = dt.date(2025, 3, 7)
    (kept,) = stored_deadlines(store, ["default"], today)
    assert kept.due == "2025-03-09" and kept.sources == 2 and kept.conflicts == []
    docs = store.documents_in_window(None, "9999")
    (briefed,) = current_deadlines(docs, store.sentences_of([d["id"] for d in docs]), today=today)
    assert (briefed.due, briefed.sources) == (kept.due, kept.sources)


SALE_ORDER = ("date 2026-03-04\n\nOttawa orders sale of Chatter's Canadian arm\n\n"
              "Canada's industry minister ordered the owner of the messaging app Chatter to sell its Canadian "
              "business, saying the unit must be sold by Sunday or the app would be banned.\n\n"
              "The ban takes effect on 8 March unless a buyer is approved, the ministry said.\n")
SALE_EXTENDED = ("date 2026-03-07\n\nOttawa extends Chatter deadline\n\n"
                 "The federal government on Saturday extended the deadline for the sale of Chatter's Canadian "
                 "business to March 22, after the company said it had found a buyer.\n\n"
                 "The ban, which had been due to take effect on Monday, will now take effect on March 22 if the sale "
                 "is not completed.\n")


def test_a_deadline_moved_in_other_words_is_one_item_in_the_reminders_whichever_article_came_first(store, drop):
    # Before: the index kept "by Sunday" and "8 March" as live deadlines beside 22 March, each with reminders.
    files = (("a.txt", SALE_ORDER), ("c.txt", SALE_EXTENDED))
    for name, text in reversed(files):  # the newer article stored first: the older one must still join it
        (drop / name).write_text(text, encoding="utf-8")
        Ingester(store, now=lambda: dt.datetime(2026, 3, 7, 12, tzinfo=dt.timezone.utc)).ingest_file(drop / name)
    today = dt.date(2026, 3, 7)
    (kept,) = stored_deadlines(store, ["default"], today)
    assert kept.due == "2026-03-22" and [(c["due"], c.get("superseded")) for c in kept.conflicts] == [
        ("2026-03-08", True)]
    docs = store.documents_in_window(None, "9999")
    (briefed,) = current_deadlines(docs, store.sentences_of([d["id"] for d in docs]), today=today)
    assert (briefed.due, briefed.conflicts) == (kept.due, kept.conflicts)


def test_a_date_extended_by_a_length_is_counted_from_the_stored_date_it_moves(store, drop):
    from tests.test_deadlines import EXTEND_BY, TRUCE

    for name, text, day in (("a.txt", TRUCE, 20), ("b.txt", EXTEND_BY, 7)):
        (drop / name).write_text(f"Tariff truce\n\n{text}\n", encoding="utf-8")
        Ingester(store, now=lambda d=day: dt.datetime(2026, 7 if d == 7 else 6, d, 12, tzinfo=dt.timezone.utc)
                 ).ingest_file(drop / name)
    (kept,) = stored_deadlines(store, ["default"], dt.date(2026, 7, 8))
    # 9 July + 90 days (see tests/test_deadlines.py), not 90 days from the article's 7 July
    assert (kept.due, kept.approximate) == ("2026-10-07", False)
    assert [(c["due"], c.get("superseded")) for c in kept.conflicts] == [("2026-07-09", True)]


BALLOT_ORDER = """Judge orders new ballot wording

COLUMBUS, Ohio, March 9, 2026 (Buckeye Wire) - A Franklin County judge on Monday blocked the ballot language \
the legislature wrote for the abortion amendment. Judge Karen Phipps gave lawmakers until March 20 to submit \
new wording.
"""
BALLOT_RULING = """Ohio Supreme Court upholds order on ballot wording

COLUMBUS, Ohio, March 19, 2026 (Statehouse Ledger) - The Ohio Supreme Court on Wednesday upheld a lower court \
order that threw out the legislature's ballot wording, giving lawmakers until March 27 to write new language.

The 4-3 ruling means the March 20 deadline no longer applies.

House Speaker Jason Stephens said the House would meet on Monday to approve new wording.
"""


PORT_TENDER = """Ministry sets bid deadline for port concession

LAGOS, March 2, 2026 (Harbour Wire) - The transport ministry on Monday set a March 20 deadline for bids on \
the Apapa port concession, saying it wanted the tender closed before the rainy season.

"Bidders have until March 20 to file," ministry spokesman Tunde Bako told reporters.
"""
PORT_SUSPENDED = """Court ruling throws port tender into doubt

LAGOS, March 12, 2026 (Daily Ledger) - A federal court on Thursday suspended the Apapa port tender, and the \
ministry said the March 20 deadline for bids no longer applies.

No new date has been set, the ministry said. Bidders said they were waiting for guidance.
"""
PORT_REVIVED = """Port tender back on after appeal

LAGOS, March 16, 2026 (Harbour Wire) - An appeals court on Monday lifted the suspension of the Apapa port \
tender, and the ministry said bids for the concession are again due on March 20.
"""


def _ingested(store, drop, files, at=dt.datetime(2026, 3, 17, 6, tzinfo=dt.timezone.utc)):
    for name, text in files:
        (drop / name).write_text(text, encoding="utf-8")
        Ingester(store, now=lambda: at).ingest_file(drop / name)
    docs = store.documents_in_window(None, "9999")
    return docs, store.sentences_of([d["id"] for d in docs])


@pytest.mark.parametrize("first", ["older", "newer"])
def test_a_deadline_a_newer_report_says_no_longer_applies_is_void_in_the_briefing_and_the_index(store, drop, first):
    # Before, with no date given to replace it, 20 March stayed an upcoming deadline, and reminders fired for it.
    files = [("a.txt", PORT_TENDER), ("b.txt", PORT_SUSPENDED)]
    docs, sentences = _ingested(store, drop, files if first == "older" else files[::-1])
    today = dt.date(2026, 3, 13)
    assert stored_deadlines(store, ["default"], today) == []
    (kept,) = stored_deadlines(store, ["default"], today, include_passed=True)
    (briefed,) = current_deadlines(docs, sentences, today=today)
    for d in (kept, briefed):
        assert (d.due, d.status) == ("2026-03-20", "void")
        assert "set a March 20 deadline for bids" in d.citations[0].quote
        assert [(v.source, v.quote) for v in d.voided_by] == [(
            "Daily Ledger", "A federal court on Thursday suspended the Apapa port tender, and the ministry said "
            "the March 20 deadline for bids no longer applies.")]
    # the court's Thursday (12 March) is when it ruled, no deadline said to be void
    assert all(d.due == "2026-03-20" for d in current_deadlines(docs, sentences, today=today))


def test_a_deadline_given_again_after_the_report_that_voided_it_holds_again(store, drop):
    docs, sentences = _ingested(store, drop, [("a.txt", PORT_TENDER), ("b.txt", PORT_SUSPENDED),
                                              ("c.txt", PORT_REVIVED)])
    today = dt.date(2026, 3, 17)
    (kept,) = stored_deadlines(store, ["default"], today)
    (briefed,) = current_deadlines(docs, sentences, today=today)
    for d in (kept, briefed):
        assert (d.due, d.status, d.voided_by) == ("2026-03-20", "upcoming", [])


@pytest.mark.parametrize("first", ["older", "newer"])
def test_a_deadline_a_later_article_says_no_longer_applies_is_replaced_by_the_date_it_gives(store, drop, first):
    # "The March 20 deadline no longer applies" has no word saying the date moved; before, 20 March stayed live
    # beside 27 March in the briefing, and reminders for it would have fired.
    files = [("a.txt", BALLOT_ORDER), ("b.txt", BALLOT_RULING)]
    for name, text in files if first == "older" else reversed(files):
        (drop / name).write_text(text, encoding="utf-8")
        Ingester(store, now=lambda: dt.datetime(2026, 3, 20, 6, tzinfo=dt.timezone.utc)).ingest_file(drop / name)
    today = dt.date(2026, 3, 20)
    kept = stored_deadlines(store, ["default"], today)
    assert [d.due for d in kept] == ["2026-03-23", "2026-03-27"]  # the House's Monday is another deadline
    moved = kept[1]
    assert [(c["due"], c.get("superseded")) for c in moved.conflicts] == [("2026-03-20", True)]
    docs = store.documents_in_window(None, "9999")
    briefed = current_deadlines(docs, store.sentences_of([d["id"] for d in docs]), today=today)
    assert [(d.due, d.conflicts) for d in briefed] == [(d.due, d.conflicts) for d in kept]


def _planned_cues(*texts: str) -> dict:
    """`plan`'s cue questions of a document of these sentences: idx -> questions, or the sentence it asks to parse."""
    from summarizer.facts.document import plan

    sentences, at = [], 0
    for idx, text in enumerate(texts):
        sentences.append({"document_id": "d", "idx": idx, "start": at, "end": at + len(text), "text": text})
        at += len(text) + 1
    planned = plan({"id": "d", "text": " ".join(texts), "source": "Harbour Times", "title": None}, sentences)
    return {i: [c.question for c in cues] if cues is not None else None for i, cues in planned.cues.items()}, \
        planned.texts


def test_cues_cached_by_sentence_still_read_the_sentence_before_when_they_need_it():
    """Cue questions are cached by the sentence alone when they cannot depend on the one before: a repeated
    sentence after another one still asks for its parse ("them"), or for what it says was found out."""
    from summarizer.facts.cues import cue_questions

    them = "Dock workers have not said whether they will accept them."
    first = "The port authority put forward two revised pay offers on Tuesday."
    second = "Managers at Ostend tabled new shift rotas overnight."
    for before in (first, second):  # the same sentence after another: its own antecedent each time
        cues, texts = _planned_cues(before, them)
        assert cues == {1: None} and before in texts
    refusal = "A harbour spokesman declined to elaborate."
    found_out = "Inspectors said they had established who cut the mooring lines at berth 4."
    plain = "The ferry ran late again, passengers said."
    assert _planned_cues(found_out, refusal)[0] == {1: [c.question for c in cue_questions(refusal, previous=found_out)]}
    assert _planned_cues(found_out, refusal)[0] == {1: ["Is it known who cut the mooring lines at berth 4?"]}
    assert _planned_cues(plain, refusal)[0] == {}
    ordinary = "It remains unclear whether the union will call off Friday's strike at the container terminal."
    for before in (found_out, plain):
        assert _planned_cues(before, ordinary)[0] == {1: [c.question for c in cue_questions(ordinary, previous=before)]}
