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
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from bot import neardup
from bot.config import DEFAULT_MAX_BYTES, DEFAULT_MAX_CHARS, DEFAULT_TIME_BUDGET, size_label
from bot.filenames import ignore_reason, is_supported
from bot.prepare import Crashed, Limits, OverBudget, prepare_within_budget
from bot.printable import printable, shown_name
from bot.readers import ReadError
from bot.store import Store

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
    replaces: str | None = None  # the document of this file's earlier version, now superseded
    note: str = ""  # e.g. "truncated to 500,000 characters"

    def line(self) -> str:
        """The one line `briefbot ingest` prints for this file: the outcome first, then the file.

        The name is shown repr-style when it holds a control character, and so is anything
        else from the file (a title, another file's name), so no file can forge or colour a line.
        """
        if self.replaces and self.status in (ADDED, DUPLICATE):
            return f"{self._line()}  (new version; replaces [{self.replaces[:12]}])"
        return self._line()

    def _line(self) -> str:
        name, reason = shown_name(self.path), printable(self.reason)
        note = f"  ({self.note})" if self.note else ""
        if self.status == ADDED:
            return f"added           {name}  [{self.document_id[:12]}] {printable(self.title or '')}".rstrip() + note
        if self.status == KNOWN:
            return f"already known   {name}  ({reason})"
        if self.status == DUPLICATE:
            return f"near-duplicate  {name}  [{self.document_id[:12]}] of {reason}" + note
        if self.status == REJECTED:
            return f"rejected        {name}  ({reason})"
        return f"ignored         {name}  ({reason})"

    def record(self) -> dict:
        """The outcome as data (`ingest --format json`): the path exactly as it is."""
        return {"path": str(self.path), "status": self.status, "reason": self.reason,
                "document_id": self.document_id, "duplicate_of": self.duplicate_of, "title": self.title,
                "note": self.note, "replaces": self.replaces}


BATCH = 128  # documents read into facts together when a folder is ingested (one parser run)


@dataclass
class Ingester:
    """Ingests files into one store, and reads each new document into facts (`bot.facts`).

    `now` fixes the arrival clock (tests, --now); `aliases` are the configured actor aliases
    statements are read with; `processes` parser processes for a large batch.
    """

    store: Store
    max_bytes: int = DEFAULT_MAX_BYTES
    now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.timezone.utc)
    topic_for: Callable[[Path], str] = lambda path: "default"
    max_chars: int | None = DEFAULT_MAX_CHARS  # text kept per file (None: all)
    budget: float = DEFAULT_TIME_BUDGET  # seconds per file
    max_size: str | None = None  # the size limit as configured ("20 MiB"), for messages
    aliases: dict[str, list[str]] | None = None
    processes: int = 1
    _pending: list[str] | None = field(default=None, init=False, repr=False)
    _behind: object | None = field(default=None, init=False, repr=False)
    _warm_at: int | None = field(default=None, init=False, repr=False)
    _writing: object | None = field(default=None, init=False, repr=False)
    # Recent documents' (path, shingles): a folder of one story compares with the same few documents again and again.
    _shingles: dict[str, tuple] = field(default_factory=dict, init=False, repr=False)
    _restored: list[str] = field(default_factory=list, init=False, repr=False)

    @classmethod
    def from_config(cls, store: Store, config, **kwargs) -> Ingester:
        """An ingester with the limits of the configuration ([ingest] max_size, max_chars, time_budget)."""
        return cls(store, max_bytes=config.max_bytes, max_size=config.max_size, max_chars=config.max_chars,
                   budget=config.time_budget, topic_for=config.topic_for, **kwargs)

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
        from bot.facts import PARALLEL_FROM, BackgroundReader

        if self.processes > 1:
            from summarizer.text.sentences import split_sentences

            split_sentences("")  # spaCy imported before the workers are forked: they inherit it (0.5 s each)
        self._pending = []
        self._warm_at = PARALLEL_FROM  # pending documents from which the workers will surely be used
        self._writing = threading.Lock() if self.processes > 1 else None
        self._behind = BackgroundReader(self.store.path, aliases=self.aliases, processes=self.processes,
                                        now=self.now, writing=self._writing,
                                        without_model=True) if self.processes > 1 else None
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
            # Ingesting needs no model: without it, a document's deadlines are indexed and the rest waits.
            self._reader = FactReader(self.store, aliases=self.aliases, processes=self.processes, now=self.now,
                                      without_model=True)
        return self._reader

    def ingest_file(self, path: Path, *, root: Path | None = None) -> Outcome:
        """Ingest one file; never raises for a bad file, only for a broken store."""
        outcome = self._guarded(path, root)
        if outcome.status in (ADDED, DUPLICATE) and outcome.document_id:
            self._read_later(outcome.document_id)
        while self._restored:  # an earlier version current again: its deadlines count again
            self._read_later(self._restored.pop())
        return outcome

    def _read_later(self, document_id: str) -> None:
        """Read a document into facts: now, or with its batch."""
        if self._pending is None:
            self.reader().read_ids([document_id])
            return
        self._pending.append(document_id)
        if len(self._pending) == self._warm_at and self._behind is not None:
            self._warm_at = None  # once: the workers keep the model
            self._behind.warm()
        if len(self._pending) >= BATCH:
            ids, self._pending = self._pending, []
            (self._behind.submit if self._behind else self.reader().read_ids)(ids)

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
            log.exception("unexpected error ingesting %s", shown_name(path))
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
            limit = self.max_size or size_label(self.max_bytes)
            return self._reject(path, st, f"too large: {st.st_size / 2**20:.1f} MiB, over the {limit} limit")
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
        # ...and a year-less wire dateline is no later than the file, nor than the clock.
        at_hand = min(dt.datetime.fromtimestamp(st.st_mtime, dt.timezone.utc),
                      self.now().astimezone(dt.timezone.utc)).date()
        started = time.monotonic()
        try:
            ready = prepare_within_budget(path.name, data, at_hand, Limits(self.max_chars, self.budget))
        except ReadError as err:
            return self._reject(path, st, str(err), file_hash)
        except OverBudget as err:
            return self._reject(path, st, str(err), file_hash)
        except Crashed as err:
            return self._reject(path, st, f"processing {err}; not stored", file_hash)
        del data
        text = ready.text
        doc_id = hashlib.sha256(text.encode("utf-8")).hexdigest()
        note = f"truncated to {self.max_chars:,} characters" if ready.truncated else ""

        earlier = self._current_version(path, seen)
        known = self.store.document(doc_id)
        if known:
            row = self._file_row(path, st, file_hash, KNOWN, "same text as an earlier file", doc_id)
            if earlier and known.get("superseded_by") and known["path"] == str(path):
                # Changed back to the text of one of its own earlier versions: that one is current again.
                replaced = self.store.restore_revision(earlier, doc_id, row)
                if replaced != doc_id:
                    at = self.now().astimezone(dt.timezone.utc).isoformat(timespec="seconds")
                    from bot.deadline_index import retire_document

                    retire_document(self.store, replaced, known.get("topic") or "default", at)
                    self._restored.append(doc_id)  # read again once the write lock is let go (ingest_file)
                return Outcome(path, KNOWN, f"back to its earlier version {doc_id[:12]}", doc_id)
            self.store.record_file(**row)
            return Outcome(path, KNOWN, f"same text as document {doc_id[:12]}", doc_id)

        match = self._best_near_duplicate(ready.shingles, ready.bands, str(path))
        if time.monotonic() - started > self.budget:  # the store is not written past the budget either
            return self._reject(path, st, str(OverBudget(self.budget, "finding near-duplicates")), file_hash)
        published = ready.published
        document = {
            "id": doc_id,
            "path": str(path),
            "format": ready.format,
            "source": ready.source or path.stem,
            "title": ready.title,
            "author": ready.author,
            "url": ready.url,
            "published": published.isoformat() if published else None,
            "date_source": ready.date_source,
            "date_text": ready.date_text,
            "undated": 0 if published else 1,
            "file_mtime": dt.datetime.fromtimestamp(st.st_mtime, dt.timezone.utc).isoformat(timespec="seconds"),
            "topic": self.topic_for(path),
            "ingested_at": self.now().astimezone(dt.timezone.utc).isoformat(timespec="seconds"),
            "duplicate_of": None,
            "words": len(text.split()),
            "text": text,
        }
        # The document, its near-duplicate link, the older version it replaces and the file's row are
        # one transaction: a kill part-way loses none of them, and the file counts as done only then.
        title = ready.title
        link = self._link(document, *match) if match else None
        status, reason = (DUPLICATE, f"near-duplicate of {match[0]}") if match else (ADDED, note)
        earlier = self.store.add_document(document, ready.sentences, ready.bands, near_duplicate=link,
                                          replaces=earlier,
                                          file=self._file_row(path, st, file_hash, status, reason, doc_id))
        if len(self._shingles) >= 2000:
            del self._shingles[next(iter(self._shingles))]  # the oldest
        self._shingles[doc_id] = (str(path), ready.shingles)
        if link and link[0] != doc_id:
            self.store.set_family(link[0], doc_id)  # the earlier copy's deadlines now count with this one
        if earlier:
            from bot.deadline_index import retire_document

            retire_document(self.store, earlier, document["topic"], document["ingested_at"])
        if match:
            other_id, sim = match
            other = self.store.document(other_id) or {}
            other_name = shown_name(other["path"]) if other.get("path") else other_id[:12]
            return Outcome(path, DUPLICATE, f"{other_name} ({sim.score:.0%} similar)",
                           doc_id, other_id, title, replaces=earlier, note=note)
        return Outcome(path, ADDED, "", doc_id, None, title, replaces=earlier, note=note)

    def _current_version(self, path: Path, seen: dict | None) -> str | None:
        """The document this file held until now, if this file stored it (the store replaces its newest
        version, which another process may have stored since)."""
        if not seen or not seen.get("document_id"):
            return None
        held = self.store.document(seen["document_id"])
        return held["id"] if held and held["path"] == str(path) else None

    def _link(self, document: dict, other_id: str, sim: neardup.Similarity) -> tuple[str, str, float, str]:
        """The near-duplicate link of a pair; the copy published first is the original, whatever the arrival order."""
        other = self.store.document(other_id)
        root = self.store.document(other["duplicate_of"]) if other and other["duplicate_of"] else other
        if root is not other and (root is None or root.get("superseded_by")):
            root = other  # the original was replaced by a newer version of its file: link to the copy at hand
        if root and document["published"] and (not root["published"] or document["published"] < root["published"]):
            return root["id"], document["id"], sim.score, sim.kind
        return document["id"], root["id"] if root else other_id, sim.score, sim.kind

    def _best_near_duplicate(self, shingles, bands: list[str],
                             path: str | None = None) -> tuple[str, neardup.Similarity] | None:
        """The most similar stored document, if near enough; never one of this file's own earlier versions."""
        best: tuple[str, neardup.Similarity] | None = None
        candidates = self.store.candidates_sharing_bands(bands)
        known = {i: self._shingles[i] for i in candidates if i in self._shingles}
        for other_id, other in self.store.documents(i for i in candidates if i not in known).items():
            known[other_id] = (other["path"], neardup.shingles(other["text"]))
        for other_id in sorted(known):  # the order the store lists them in: ties go to the same copy as ever
            other_path, other_shingles = known[other_id]
            if path is not None and other_path == path:
                continue
            sim = neardup.similarity(shingles, other_shingles)
            if sim.is_near_duplicate and (best is None or sim.score > best[1].score):
                best = (other_id, sim)
        return best

    def _record(self, path: Path, st: os.stat_result | None, file_hash: str | None, status: str, reason: str,
                document_id: str | None) -> None:
        self.store.record_file(**self._file_row(path, st, file_hash, status, reason, document_id))

    def _file_row(self, path: Path, st: os.stat_result | None, file_hash: str | None, status: str, reason: str,
                  document_id: str | None) -> dict:
        return dict(
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
            raise FileNotFoundError(f"no such file or folder: {shown_name(given)}")
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
