"""Ingestion end to end on a real store: identity, near-duplicates, dates, and every bad-input case."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import sqlite3
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


def test_a_failure_between_storing_and_linking_loses_no_link(ingester, store, drop):
    """The document and its near-duplicate link are one transaction: a failure (or a kill) before the link
    is written stores neither, so the next run links it; written apart, the link was lost for good."""
    copy("steel-tariff-talks-wire.txt", drop, "a-wire.txt")
    run(ingester, drop)
    copy("steel-tariff-talks-republished.txt", drop, "b-republished.txt")
    # The disk, as it were, fails at the link: a trigger that cannot run makes writing a link an error.
    store.db.execute("create trigger link_fails before insert on near_duplicates "
                     "begin insert into no_such_table values (1); end")
    with pytest.raises(sqlite3.OperationalError):
        run(ingester, drop)
    store.db.execute("drop trigger link_fails")
    again = run(ingester, drop)["b-republished.txt"]
    assert again.status == DUPLICATE
    assert store.near_duplicates(again.document_id)
    assert store.document(again.document_id)["duplicate_of"] is not None
    assert store.file_record(str(drop / "b-republished.txt"))["status"] == DUPLICATE


def _touch_later(path: Path, seconds: int = 10) -> None:
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + seconds * 1_000_000_000))


def test_a_changed_file_replaces_its_earlier_version(ingester, store, drop):
    path = copy("chips-export-rules-undated.txt", drop, "story.txt")
    first = run(ingester, drop)["story.txt"]
    path.write_text(path.read_text().replace(
        "The US Commerce Department has yet to respond to the request.",
        "The US Commerce Department granted a 60-day extension on Wednesday."))
    _touch_later(path)
    second = run(ingester, drop)["story.txt"]
    assert second.status == ADDED  # a revision, not a near-duplicate of its own earlier text
    assert second.replaces == first.document_id and "replaces" in second.line()
    old, new = store.document(first.document_id), store.document(second.document_id)
    assert old is not None and old["superseded_by"] == new["id"]  # the older version stays stored
    assert new["revision_of"] == old["id"] and new["superseded_by"] is None and new["duplicate_of"] is None
    assert store.near_duplicates(new["id"]) == []
    # Digests, deadlines and questions see the newest version only.
    assert [d["id"] for d in store.documents_in_window(None, "2030-01-01T00:00:00+00:00")] == [new["id"]]
    assert {h["document_id"] for h in store.search_sentences("Commerce Department respond request extension")} \
        == {new["id"]}
    assert {h["document_id"] for h in store.search_sentences_groups([["commerce"], ["department"]])} == {new["id"]}
    hits = store.search_sentences("has yet to respond")
    assert hits and {h["document_id"] for h in hits} == {new["id"]}
    assert not any("yet to respond" in h["text"] for h in hits)


def test_each_change_replaces_the_version_before_and_a_revert_restores_it(ingester, store, drop):
    path = copy("chips-export-rules-undated.txt", drop, "story.txt")
    v1_text = path.read_text()
    v1 = run(ingester, drop)["story.txt"].document_id
    path.write_text(v1_text + "\nUpdate: the ministry will publish its guidance on Friday.\n")
    _touch_later(path, 10)
    v2 = run(ingester, drop)["story.txt"].document_id
    path.write_text(v1_text + "\nUpdate: the ministry will publish its guidance on Monday, not Friday.\n")
    _touch_later(path, 20)
    v3 = run(ingester, drop)["story.txt"]
    assert v3.replaces == v2 and store.document(v2)["superseded_by"] == v3.document_id
    assert store.document(v1)["superseded_by"] == v2
    current = [d["id"] for d in store.documents_in_window(None, "2030-01-01T00:00:00+00:00")]
    assert current == [v3.document_id]
    path.write_text(v1_text)  # the update is withdrawn
    _touch_later(path, 30)
    back = run(ingester, drop)["story.txt"]
    assert back.status == KNOWN and back.document_id == v1
    assert [d["id"] for d in store.documents_in_window(None, "2030-01-01T00:00:00+00:00")] == [v1]
    assert store.document_count() == 3


def test_another_file_with_the_same_text_is_not_replaced(ingester, store, drop):
    """Only the file a document came from can replace it: editing a copy stores the copy's new text."""
    copy("chips-export-rules-undated.txt", drop, "a.txt")
    copy_path = copy("chips-export-rules-undated.txt", drop, "b.txt")
    first = run(ingester, drop)
    copy_path.write_text(copy_path.read_text() + "\nUpdate: the ministry will publish its guidance on Friday.\n")
    _touch_later(copy_path)
    edited = run(ingester, drop)["b.txt"]
    assert edited.replaces is None and edited.status == DUPLICATE
    assert store.document(first["a.txt"].document_id)["superseded_by"] is None
    assert len(store.documents_in_window(None, "2030-01-01T00:00:00+00:00")) == 2


def test_a_version_stored_meanwhile_by_another_process_is_the_one_replaced(store, drop):
    """Two ingesters (two processes) saw version 1; one stores version 2, the other, later, version 3:
    version 3 replaces version 2, so that one file never has two current versions."""
    from bot.store import Store

    path = copy("chips-export-rules-undated.txt", drop, "story.txt")
    original = path.read_text()
    v1 = run(Ingester(store, now=lambda: NOW), drop)["story.txt"].document_id
    other = Store(store.path)
    slow = Ingester(other, now=lambda: NOW)
    seen = other.file_record(str(path))  # what the slow process read before the other one went on
    path.write_text(original + "\nUpdate: the ministry will publish its guidance on Friday.\n")
    _touch_later(path, 10)
    v2 = run(Ingester(store, now=lambda: NOW), drop)["story.txt"].document_id
    path.write_text(original + "\nUpdate: the ministry will publish its guidance on Monday.\n")
    _touch_later(path, 20)
    real = other.file_record
    other.file_record = lambda p: seen  # its view is from before version 2
    v3 = slow.ingest_file(path, root=drop)
    other.file_record = real
    assert v3.replaces == v2  # not v1, which it believed current
    assert v3.status == ADDED and store.near_duplicates(v3.document_id) == []  # not a copy of its own version 2
    current = [d["id"] for d in store.documents_in_window(None, "2030-01-01T00:00:00+00:00")]
    assert current == [v3.document_id]
    assert store.document(v3.document_id)["revision_of"] == v2 and store.document(v2)["superseded_by"] == v3.document_id


def test_a_file_changed_back_inside_a_batch_read_beside_ingestion_does_not_block_it(store, drop, monkeypatch):
    """Within a batch read by the background reader, a file changed back to an earlier text queues that
    version to be read again. It must do so after letting go of the write lock it shares with the
    reader: queued while holding it, with the reader's queue full and the reader waiting for that
    lock to store a batch, neither would ever go on."""
    import threading

    monkeypatch.setattr(ingest_module, "BATCH", 1)  # every document is a batch: the reader's queue fills up
    ingester = Ingester(store, now=lambda: NOW, processes=2)
    names = sorted(p.name for p in FIXTURES.iterdir() if p.suffix == ".txt")
    story = drop / "story.txt"
    original = (FIXTURES / names[0]).read_text()
    done = threading.Event()

    def ingest_all() -> None:
        with ingester.batch():
            for name in names[1:]:
                ingester.ingest_file(copy(name, drop))
            story.write_text(original)
            ingester.ingest_file(story)
            for step, text in enumerate((original + "\nA correction was added later.\n", original), 1):
                story.write_text(text)
                st = story.stat()
                os.utime(story, ns=(st.st_atime_ns, st.st_mtime_ns + step * 60_000_000_000))
                ingester.ingest_file(story)
        done.set()

    worker = threading.Thread(target=ingest_all, daemon=True)
    worker.start()
    assert done.wait(120), "ingestion and its facts reader blocked each other"
    current = store.db.execute("select id from documents where path = ? and superseded_by is null",
                               [str(story)]).fetchall()
    assert len(current) == 1 and store.facts_of([current[0][0]])
