"""Ingestion end to end on a real store: identity, near-duplicates, dates, and every bad-input case."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
from pathlib import Path

import pytest

from bot import ingest as ingest_module
from bot import prepare as prepare_module
from bot.ingest import ADDED, DUPLICATE, IGNORED, KNOWN, REJECTED, Ingester
from tests.conftest import NOW

FIXTURES = Path(__file__).parent / "fixtures" / "wire"


@pytest.fixture
def ingester(store):
    return Ingester(store, now=lambda: NOW)


def run(ingester, *paths):
    return {o.path.name: o for o in ingester.ingest_paths(list(paths))}


def copy(name: str, drop: Path, as_name: str | None = None) -> Path:
    target = drop / (as_name or name)
    shutil.copy(FIXTURES / name, target)
    return target


def test_adds_a_messy_article_cleaned_and_dated(ingester, store, drop):
    copy("steel-tariff-talks-wire.txt", drop)
    (outcome,) = run(ingester, drop).values()
    assert outcome.status == ADDED
    doc = store.document(outcome.document_id)
    assert doc["published"] == "2025-03-03" and doc["date_source"] == "text" and doc["undated"] == 0
    assert doc["title"] == "EU and US negotiators extend steel tariff talks"
    # Identity is the hash of the cleaned text, and the furniture is gone from it.
    assert outcome.document_id == hashlib.sha256(doc["text"].encode()).hexdigest()
    for furniture in ("Share on Facebook", "Tags:", "All rights reserved", "Heatwave forces"):
        assert furniture not in doc["text"]
    assert "Trade Commissioner Elena Varga told reporters" in doc["text"]
    sentences = store.sentences_of([doc["id"]])
    assert len(sentences) > 8
    assert all(doc["text"][s["start"] : s["end"]] == s["text"] for s in sentences)


def test_same_file_twice_adds_nothing(ingester, store, drop):
    copy("steel-tariff-talks-wire.txt", drop)
    first = run(ingester, drop)
    counts = store.table_counts()
    second = run(ingester, drop)
    assert [o.status for o in first.values()] == [ADDED]
    assert [o.status for o in second.values()] == [KNOWN]
    assert store.table_counts() == counts


def test_same_text_under_another_name_is_known(ingester, store, drop):
    copy("steel-tariff-talks-wire.txt", drop)
    copy("steel-tariff-talks-wire.txt", drop, "copy-of-wire.txt")
    outcomes = run(ingester, drop)
    assert sorted(o.status for o in outcomes.values()) == [ADDED, KNOWN]
    assert store.document_count() == 1


def test_near_duplicate_is_linked_and_both_are_kept(ingester, store, drop):
    original = copy("steel-tariff-talks-wire.txt", drop, "a-wire.txt")
    copy("steel-tariff-talks-republished.txt", drop, "b-republished.txt")
    outcomes = run(ingester, drop)
    assert outcomes["a-wire.txt"].status == ADDED
    dup = outcomes["b-republished.txt"]
    assert dup.status == DUPLICATE
    assert dup.duplicate_of == outcomes["a-wire.txt"].document_id
    assert str(original) in dup.line()
    assert store.document_count() == 2
    links = store.near_duplicates(dup.document_id)
    assert len(links) == 1 and links[0]["similarity"] >= 0.5


def test_different_stories_are_not_linked(ingester, store, drop):
    copy("steel-tariff-talks-wire.txt", drop)
    copy("chips-export-rules-undated.txt", drop)
    outcomes = run(ingester, drop)
    assert sorted(o.status for o in outcomes.values()) == [ADDED, ADDED]
    assert store.table_counts()["near_duplicates"] == 0


def test_undated_article_is_flagged_not_dated_today(ingester, store, drop):
    copy("chips-export-rules-undated.txt", drop)
    (outcome,) = run(ingester, drop).values()
    doc = store.document(outcome.document_id)
    assert doc["published"] is None and doc["undated"] == 1
    assert doc["file_mtime"]  # kept as the last-resort anchor for relative dates


def test_partial_and_hidden_files_are_ignored_until_renamed(ingester, store, drop):
    body = (FIXTURES / "chips-export-rules-undated.txt").read_bytes()
    for name in ("story.txt.part", "story.tmp", "story.txt.crdownload", "~story.txt", "story.txt~", ".story.txt"):
        (drop / name).write_bytes(body)
    outcomes = run(ingester, drop)
    assert {o.status for o in outcomes.values()} == {IGNORED}
    assert store.document_count() == 0
    (drop / "story.txt.part").rename(drop / "story.txt")
    assert run(ingester, drop)["story.txt"].status == ADDED


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n\t \r\n", "blank"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary"),
        ("notes.docx", b"PK\x03\x04 word document", "unsupported file type '.docx'"),
        ("noextension", b"Some text without an extension.", "unsupported file type"),
        ("broken.pdf", b"%PDF-1.4 this is not really a pdf", "pdf"),
        ("furniture-only.txt", b"Share on Facebook\nTweet\nCopy link\n\xc2\xa9 2025 Wire. All rights reserved.\n", "furniture"),
    ],
)
def test_bad_files_are_rejected_with_a_reason_and_the_rest_goes_on(ingester, store, drop, name, content, reason):
    (drop / name).write_bytes(content)
    good = copy("steel-tariff-talks-wire.txt", drop, "zz-good.txt")
    outcomes = run(ingester, drop)
    bad = outcomes[name]
    assert bad.status == REJECTED
    assert reason.lower() in bad.reason.lower(), bad.reason
    assert outcomes[good.name].status == ADDED
    recorded = store.file_record(str(drop / name))
    assert recorded["status"] == REJECTED and recorded["reason"] == bad.reason


def test_files_over_the_size_limit_are_rejected_unread(store, drop, monkeypatch):
    (drop / "big.txt").write_text("Long article text. " * 200)
    copy("chips-export-rules-undated.txt", drop)
    read = []
    monkeypatch.setattr(ingest_module, "_read_no_follow", lambda p: read.append(p) or Path(p).read_bytes())
    outcomes = run(Ingester(store, max_bytes=1000, now=lambda: NOW), drop)
    assert outcomes["big.txt"].status == REJECTED and "too large" in outcomes["big.txt"].reason
    assert [p.name for p in read] == ["chips-export-rules-undated.txt"]


def test_unreadable_file_is_rejected(ingester, drop, monkeypatch):
    copy("chips-export-rules-undated.txt", drop, "locked.txt")

    def deny(path):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(ingest_module, "_read_no_follow", deny)
    outcome = run(ingester, drop)["locked.txt"]
    assert outcome.status == REJECTED and outcome.reason == "unreadable: Permission denied"


def test_symlinks_are_refused_and_never_read(ingester, store, drop, tmp_path, monkeypatch):
    secret = tmp_path / "outside" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("SECRET credentials that must never be ingested. " * 5)
    (drop / "link-out.txt").symlink_to(secret)
    (drop / "link-dir").symlink_to(secret.parent, target_is_directory=True)
    inside = copy("chips-export-rules-undated.txt", drop, "real.txt")
    (drop / "link-in.txt").symlink_to(inside)
    read = []
    real_read = ingest_module._read_no_follow
    monkeypatch.setattr(ingest_module, "_read_no_follow", lambda p: read.append(Path(p).name) or real_read(p))
    outcomes = run(ingester, drop)
    assert outcomes["link-out.txt"].status == REJECTED and "outside the drop folder" in outcomes["link-out.txt"].reason
    assert outcomes["link-dir"].status == REJECTED
    assert outcomes["link-in.txt"].status == REJECTED and "symlink" in outcomes["link-in.txt"].reason
    assert outcomes["real.txt"].status == ADDED
    assert read == ["real.txt"]
    assert all("SECRET" not in d["text"] for d in store.db["documents"].rows)


def test_a_fifo_is_rejected_without_blocking(ingester, drop):
    os.mkfifo(drop / "pipe.txt")
    outcome = run(ingester, drop)["pipe.txt"]
    assert outcome.status == REJECTED and outcome.reason == "not a regular file"


def test_a_changed_file_is_ingested_again(ingester, store, drop):
    path = copy("chips-export-rules-undated.txt", drop, "story.txt")
    first = run(ingester, drop)["story.txt"]
    path.write_text(path.read_text() + "\nThe ministry said it would publish its guidance on Friday.\n")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10_000_000_000))
    second = run(ingester, drop)["story.txt"]
    assert second.status in (ADDED, DUPLICATE) and second.document_id != first.document_id
    assert store.document_count() == 2


def test_an_unexpected_reader_crash_rejects_only_that_file(ingester, drop, monkeypatch):
    copy("chips-export-rules-undated.txt", drop, "a.txt")
    copy("steel-tariff-talks-wire.txt", drop, "b.txt")
    real = prepare_module.read_document

    def flaky(path, data, **limits):
        if path.name == "a.txt":
            raise RuntimeError("reader bug")
        return real(path, data, **limits)

    monkeypatch.setattr(prepare_module, "read_document", flaky)
    outcomes = run(ingester, drop)
    assert outcomes["a.txt"].status == REJECTED and "reader bug" in outcomes["a.txt"].reason
    assert outcomes["b.txt"].status == ADDED


def test_missing_path_is_a_usage_error(ingester, tmp_path):
    with pytest.raises(FileNotFoundError):
        list(ingester.ingest_paths([tmp_path / "nope"]))


def test_the_earlier_published_copy_is_the_original_whatever_the_arrival_order(ingester, store, drop):
    later = (FIXTURES / "steel-tariff-talks-republished.txt").read_text().replace("March 3, 2025", "March 4, 2025")
    (drop / "a-republished.txt").write_text(later)
    copy("steel-tariff-talks-wire.txt", drop, "b-wire.txt")
    outcomes = run(ingester, drop)
    wire, republished = outcomes["b-wire.txt"].document_id, outcomes["a-republished.txt"].document_id
    assert store.document(republished)["duplicate_of"] == wire
    assert store.document(wire)["duplicate_of"] is None


def test_a_yearless_wire_dateline_takes_its_year_from_the_file_or_the_clock(store, drop):
    # "DOHA, July 14 (Gulf Wire) -": no year, no copyright footer. Before, the story was stored undated.
    path = drop / "wire.txt"
    path.write_text("Hamas weighs truce offer\n\nDOHA, July 14 (Gulf Wire) - Hamas said on Monday it would answer "
                    "the proposal within 48 hours.\n", encoding="utf-8")
    os.utime(path, (dt.datetime(2026, 12, 6).timestamp(),) * 2)  # copied in later: the clock is earlier
    clock = dt.datetime(2025, 7, 17, 18, tzinfo=dt.timezone.utc)
    (outcome,) = run(Ingester(store, now=lambda: clock), drop).values()
    doc = store.document(outcome.document_id)
    assert (doc["published"], doc["undated"], doc["date_text"]) == ("2025-07-14", 0, "July 14")
