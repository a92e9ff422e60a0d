"""Ingestion: files from a drop folder into the store, once each, with a reason for every refusal.

One bad file never stops the others: each file ends in exactly one outcome
(added, known, duplicate, rejected, ignored) and rejected files are recorded in
the store with their reason so that nothing is silently lost.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import hashlib
import logging
import os
import sqlite3
import stat
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from bot import neardup
from bot.filenames import ignore_reason, is_supported
from bot.readers import ReadError, read_document
from bot.store import Store
from summarizer.text.clean import clean_text
from summarizer.text.published import find_published_date
from summarizer.text.sentences import split_sentences

log = logging.getLogger(__name__)

ADDED, KNOWN, DUPLICATE, REJECTED, IGNORED = "added", "known", "duplicate", "rejected", "ignored"


@dataclass(frozen=True)
class Outcome:
    path: Path
    status: str
    reason: str = ""
    document_id: str | None = None
    duplicate_of: str | None = None
    title: str | None = None

    def line(self) -> str:
        """The one line `briefbot ingest` prints for this file: the outcome first, then the file."""
        name = str(self.path)
        if self.status == ADDED:
            return f"added           {name}  [{self.document_id[:12]}] {self.title or ''}".rstrip()
        if self.status == KNOWN:
            return f"already known   {name}  ({self.reason})"
        if self.status == DUPLICATE:
            return f"near-duplicate  {name}  [{self.document_id[:12]}] of {self.reason}"
        if self.status == REJECTED:
            return f"rejected        {name}  ({self.reason})"
        return f"ignored         {name}  ({self.reason})"


BATCH = 128  # documents read into facts together when a folder is ingested (one parser run)


@dataclass
class Ingester:
    """Ingests files into one store, and reads each new document into facts (`bot.facts`).

    `now` fixes the arrival clock (tests, --now); `aliases` are the configured actor aliases
    statements are read with; `processes` parser processes for a large batch.
    """

    store: Store
    max_bytes: int = 20 * 1024 * 1024
    now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.timezone.utc)
    topic_for: Callable[[Path], str] = lambda path: "default"
    aliases: dict[str, list[str]] | None = None
    processes: int = 1
    _pending: list[str] | None = field(default=None, init=False, repr=False)
    _behind: object | None = field(default=None, init=False, repr=False)
    _writing: object | None = field(default=None, init=False, repr=False)
    # Recent documents' shingles, packed: a folder of one story compares with the same few documents again and again.
    _shingles: dict[str, object] = field(default_factory=dict, init=False, repr=False)

    def ingest_paths(self, paths: Iterable[Path]) -> Iterator[Outcome]:
        """Every file under the given files and folders, in a stable order, one outcome each."""
        with self.batch():
            for root, path in expand(paths):
                yield self.ingest_file(path, root=root)

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Within it, new documents are read into facts BATCH at a time (one parser run), the rest at its end.

        With several processes, batches are read by worker processes while the next files are ingested.
        """
        from bot.facts import BackgroundReader

        self._pending = []
        self._writing = threading.Lock() if self.processes > 1 else None
        self._behind = BackgroundReader(self.store.path, aliases=self.aliases, processes=self.processes,
                                        now=self.now, writing=self._writing) if self.processes > 1 else None
        try:
            yield
        finally:
            pending, self._pending = self._pending, None
            behind, self._behind = self._behind, None
            try:
                if pending:
                    (behind.submit if behind else self.reader().read_ids)(pending)
            finally:
                if behind is not None:
                    behind.close()
                self.reader().close()
                self._writing = None

    def flush(self) -> None:
        """Within `batch`: read every document ingested so far into facts now, and wait for it."""
        if self._pending:
            ids, self._pending = self._pending, []
            (self._behind.submit if self._behind else self.reader().read_ids)(ids)
        if self._behind is not None:
            self._behind.wait()

    def reader(self):
        from bot.facts import FactReader

        if getattr(self, "_reader", None) is None:
            self._reader = FactReader(self.store, aliases=self.aliases, processes=self.processes, now=self.now)
        return self._reader

    def ingest_file(self, path: Path, *, root: Path | None = None) -> Outcome:
        """Ingest one file; never raises for a bad file, only for a broken store."""
        outcome = self._guarded(path, root)
        if outcome.status in (ADDED, DUPLICATE) and outcome.document_id:
            if self._pending is None:
                self.reader().read_ids([outcome.document_id])
            else:
                self._pending.append(outcome.document_id)
                if len(self._pending) >= BATCH:
                    ids, self._pending = self._pending, []
                    (self._behind.submit if self._behind else self.reader().read_ids)(ids)
        return outcome

    def _guarded(self, path: Path, root: Path | None) -> Outcome:
        root = (root or path.parent).resolve()
        try:
            with self._writing or contextlib.nullcontext():  # facts are written beside us (see batch)
                return self._ingest(path, root)
        except sqlite3.IntegrityError:
            # Another process stored the same text between our check and our insert.
            return Outcome(path, KNOWN, "stored concurrently by another process")
        except (sqlite3.OperationalError, sqlite3.DatabaseError):
            raise
        except Exception as err:  # a reader bug must not stop the batch
            log.exception("unexpected error ingesting %s", path)
            return self._reject(path, None, f"internal error: {type(err).__name__}: {err}")

    def _ingest(self, path: Path, root: Path) -> Outcome:
        reason = ignore_reason(path)
        if reason:
            return Outcome(path, IGNORED, reason)
        try:
            st = os.lstat(path)
        except FileNotFoundError:
            return Outcome(path, IGNORED, "vanished before it could be read")
        except OSError as err:
            return self._reject(path, None, f"unreadable: {err.strerror or err}")
        if stat.S_ISLNK(st.st_mode):
            target = path.resolve()
            if not target.is_relative_to(root):
                return self._reject(path, st, "symlink to a path outside the drop folder (refused, not read)")
            return self._reject(path, st, "symlink (refused, not read; drop the file itself)")
        if not path.resolve().is_relative_to(root):
            return self._reject(path, st, "resolves outside the drop folder (refused, not read)")
        if not stat.S_ISREG(st.st_mode):
            return self._reject(path, st, "not a regular file")
        if not is_supported(path):
            return self._reject(path, st, f"unsupported file type '{path.suffix or '(none)'}'")
        if st.st_size > self.max_bytes:
            return self._reject(
                path, st, f"too large: {st.st_size / 1e6:.1f} MB over the {self.max_bytes / 1e6:.0f} MB limit"
            )
        if st.st_size == 0:
            return self._reject(path, st, "empty file")

        seen = self.store.file_record(str(path))
        if seen and seen["size"] == st.st_size and seen["mtime_ns"] == st.st_mtime_ns:
            if seen["status"] == REJECTED:
                return Outcome(path, REJECTED, f"{seen['reason']} (unchanged since last time)")
            if seen["status"] in (ADDED, KNOWN, DUPLICATE) and seen["document_id"]:
                return Outcome(path, KNOWN, "unchanged since last ingest", seen["document_id"])

        try:
            data = _read_no_follow(path)
        except OSError as err:
            if err.errno == errno.ELOOP:
                return self._reject(path, st, "symlink (refused, not read)")
            return self._reject(path, st, f"unreadable: {err.strerror or err}")
        file_hash = hashlib.sha256(data).hexdigest()
        try:
            raw = read_document(path, data)
        except ReadError as err:
            return self._reject(path, st, str(err), file_hash)

        cleaned = clean_text(raw.text, title=None if raw.extracted else raw.title, markdown=raw.format == "md")
        text = cleaned.text.strip()
        if not text:
            return self._reject(path, st, "no text left after removing page furniture", file_hash)
        title = raw.title or cleaned.title
        doc_id = hashlib.sha256(text.encode("utf-8")).hexdigest()

        if self.store.document(doc_id):
            self._record(path, st, file_hash, KNOWN, "same text as an earlier file", doc_id)
            return Outcome(path, KNOWN, f"same text as document {doc_id[:12]}", doc_id)

        published, date_source, date_text = raw.published, raw.published_source, None
        if published is None:
            # A dateline may omit the year; the cleaner kept the copyright footer's year before removing it.
            # ...and a year-less wire dateline is no later than the file, nor than the clock.
            year = cleaned.copyright_year
            at_hand = min(dt.datetime.fromtimestamp(st.st_mtime, dt.timezone.utc),
                          self.now().astimezone(dt.timezone.utc)).date()
            found = (find_published_date(text, year_hint=year, reference=at_hand)
                     or find_published_date(raw.text, year_hint=year, reference=at_hand))
            if found:
                published, date_source, date_text = found.date, "text", found.text
        shingles = neardup.shingles(text)
        bands = neardup.lsh_bands(shingles)
        match = self._best_near_duplicate(shingles, bands)
        if len(self._shingles) >= 2000:
            del self._shingles[next(iter(self._shingles))]  # the oldest
        self._shingles[doc_id] = neardup.packed(shingles)
        document = {
            "id": doc_id,
            "path": str(path),
            "format": raw.format,
            "source": raw.source or cleaned.source or path.stem,
            "title": title,
            "author": raw.author,
            "url": raw.url,
            "published": published.isoformat() if published else None,
            "date_source": date_source,
            "date_text": date_text,
            "undated": 0 if published else 1,
            "file_mtime": dt.datetime.fromtimestamp(st.st_mtime, dt.timezone.utc).isoformat(timespec="seconds"),
            "topic": self.topic_for(path),
            "ingested_at": self.now().astimezone(dt.timezone.utc).isoformat(timespec="seconds"),
            "duplicate_of": None,
            "words": len(text.split()),
            "text": text,
        }
        self.store.add_document(document, split_sentences(text), bands)
        if match:
            other_id, sim = match
            self._link(document, other_id, sim)
            self._record(path, st, file_hash, DUPLICATE, f"near-duplicate of {other_id}", doc_id)
            other = self.store.document(other_id) or {}
            return Outcome(path, DUPLICATE, f"{other.get('path') or other_id[:12]} ({sim.score:.0%} similar)", doc_id, other_id, title)
        self._record(path, st, file_hash, ADDED, "", doc_id)
        return Outcome(path, ADDED, "", doc_id, None, title)

    def _link(self, document: dict, other_id: str, sim: neardup.Similarity) -> None:
        """Link a near-duplicate pair; the copy published first is the original, whatever the arrival order."""
        other = self.store.document(other_id)
        root = self.store.document(other["duplicate_of"]) if other and other["duplicate_of"] else other
        if root and document["published"] and (not root["published"] or document["published"] < root["published"]):
            self.store.link_near_duplicate(root["id"], document["id"], sim.score, sim.kind)
            self.store.set_family(root["id"], document["id"])  # its deadlines now count with the earlier copy
        else:
            self.store.link_near_duplicate(document["id"], root["id"] if root else other_id, sim.score, sim.kind)

    def _best_near_duplicate(self, shingles: set[int], bands: list[str]) -> tuple[str, neardup.Similarity] | None:
        best: tuple[str, neardup.Similarity] | None = None
        candidates = self.store.candidates_sharing_bands(bands)
        mine = neardup.packed(shingles)
        known = {i: self._shingles[i] for i in candidates if i in self._shingles}
        for other_id, other in self.store.documents(i for i in candidates if i not in known).items():
            known[other_id] = neardup.packed(neardup.shingles(other["text"]))
        for other_id in sorted(known):  # the order the store lists them in: ties go to the same copy as ever
            sim = neardup.packed_similarity(mine, known[other_id])
            if sim.is_near_duplicate and (best is None or sim.score > best[1].score):
                best = (other_id, sim)
        return best

    def _record(self, path: Path, st: os.stat_result | None, file_hash: str | None, status: str, reason: str,
                document_id: str | None) -> None:
        self.store.record_file(
            path=str(path),
            size=st.st_size if st else None,
            mtime_ns=st.st_mtime_ns if st else None,
            file_hash=file_hash,
            status=status,
            reason=reason,
            document_id=document_id,
            seen_at=self.now().astimezone(dt.timezone.utc).isoformat(timespec="seconds"),
        )

    def _reject(self, path: Path, st: os.stat_result | None, reason: str, file_hash: str | None = None) -> Outcome:
        self._record(path, st, file_hash, REJECTED, reason, None)
        return Outcome(path, REJECTED, reason)


def expand(paths: Iterable[Path]) -> Iterator[tuple[Path, Path]]:
    """(root, file) for every file under the given paths; folders are walked without following links.

    A missing path raises FileNotFoundError: that is a usage error, not a bad file.
    """
    for given in paths:
        if not given.exists() and not given.is_symlink():
            raise FileNotFoundError(f"no such file or folder: {given}")
        if given.is_dir() and not given.is_symlink():
            root = given.resolve()
            for folder, dirs, files in os.walk(given, followlinks=False):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    yield root, Path(folder) / name
                # Symlinked folders are listed as entries by os.walk; report them rather than skip silently.
                for name in sorted(dirs):
                    if (Path(folder) / name).is_symlink():
                        yield root, Path(folder) / name
        else:
            yield given.parent.resolve(), given


def _read_no_follow(path: Path) -> bytes:
    """Read a file without following a symlink swapped in after our checks."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)
