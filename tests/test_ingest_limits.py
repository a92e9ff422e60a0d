"""Huge and hostile files: the text cap, the per-file time budget, the size limit's wording, peak memory.

The files are generated (benchmarks.bigtext): invented wire stories, never one paragraph
repeated, and an HTML page of repeated tags.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import sys
import threading
import time
from pathlib import Path

import pytest

from benchmarks.bigtext import ArchiveWriter, run_measured, write_archive, write_tag_soup
from bot.config import load_config
from bot.ingest import ADDED, REJECTED, Ingester
from bot.prepare import ISOLATE_BYTES
from bot.readers import cap_text, limit_html
from tests.conftest import NOW, ROOT

FIXTURES = Path(__file__).parent / "fixtures" / "wire"


def run(ingester, *paths):
    return {o.path.name: o for o in ingester.ingest_paths(list(paths))}


def test_a_huge_text_is_cut_at_the_cap_and_says_so(store, drop):
    write_archive(drop / "archive.txt", 1.2)  # over ISOLATE_BYTES: prepared in a child process
    shutil.copy(FIXTURES / "steel-tariff-talks-wire.txt", drop / "wire.txt")
    outcomes = run(Ingester(store, now=lambda: NOW), drop)
    big = outcomes["archive.txt"]
    assert big.status == ADDED and big.note == "truncated to 500,000 characters"
    assert big.line().endswith("(truncated to 500,000 characters)")
    doc = store.document(big.document_id)
    assert 450_000 < len(doc["text"]) <= 500_000  # the cap, less the furniture cleaned away after it
    assert doc["published"] is not None and doc["text"].startswith(doc["title"])
    assert store.file_record(str(drop / "archive.txt"))["reason"] == "truncated to 500,000 characters"
    assert outcomes["wire.txt"].status == ADDED and outcomes["wire.txt"].note == ""


def test_the_cap_comes_from_the_config_and_a_small_file_is_cut_in_process(store, drop, tmp_path):
    config_file = tmp_path / "b.toml"
    config_file.write_text('[ingest]\nmax_chars = 20000\ntime_budget = "30s"\n')
    config = load_config(config_file)
    assert (config.max_chars, config.time_budget) == (20_000, 30.0)
    (drop / "digest.txt").write_text(ArchiveWriter(seed=3).text(60_000), encoding="utf-8")
    assert (drop / "digest.txt").stat().st_size < ISOLATE_BYTES
    (outcome,) = run(Ingester.from_config(store, config, now=lambda: NOW), drop).values()
    assert outcome.status == ADDED and outcome.note == "truncated to 20,000 characters"
    assert len(store.document(outcome.document_id)["text"]) <= 20_000
    no_cap = tmp_path / "c.toml"
    no_cap.write_text("[ingest]\nmax_chars = 0\n")
    assert load_config(no_cap).max_chars is None


def test_a_file_over_its_time_budget_is_rejected_and_the_others_go_on(store, drop):
    """A page of repeated tags that the HTML extractor needs far longer than 2 s for: the child is stopped."""
    write_tag_soup(drop / "soup.html", 3)
    shutil.copy(FIXTURES / "steel-tariff-talks-wire.txt", drop / "wire.txt")
    ingester = Ingester(store, now=lambda: NOW, max_chars=5_000_000, budget=2)
    outcomes = run(ingester, drop)
    soup = outcomes["soup.html"]
    assert soup.status == REJECTED
    # The step it was in: reading (the extractor), unless the machine was too busy to even start it.
    assert re.fullmatch(r"took longer than the 2 s time budget \(while (reading|receiving the file)\); not stored",
                        soup.reason), soup.reason
    assert store.file_record(str(drop / "soup.html"))["reason"] == soup.reason
    assert outcomes["wire.txt"].status == ADDED and store.document_count() == 1


def _preparing_child() -> int | None:
    """The pid of this process's child that prepares a file, if one runs."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            cmdline = (stat.parent / "cmdline").read_bytes()
        except OSError:
            continue
        if int(fields[1]) == os.getpid() and b"serve_child" in cmdline:
            return int(stat.parent.name)
    return None


def test_a_file_whose_child_dies_is_rejected_with_how_and_the_others_go_on(store, drop):
    """The child preparing a big page is killed from outside (as the kernel's OOM killer would)."""
    write_tag_soup(drop / "soup.html", 3)
    shutil.copy(FIXTURES / "steel-tariff-talks-wire.txt", drop / "wire.txt")
    ingester = Ingester(store, now=lambda: NOW, max_chars=5_000_000, budget=600)
    result = {}
    worker = threading.Thread(target=lambda: result.update(run(ingester, drop)))
    worker.start()
    deadline = time.monotonic() + 120
    while (pid := _preparing_child()) is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    worker.join(120)
    assert result["soup.html"].status == REJECTED
    assert result["soup.html"].reason == "processing crashed (SIGKILL); not stored"
    assert result["wire.txt"].status == ADDED


def test_a_small_file_over_its_budget_is_stopped_between_steps(store, drop):
    (drop / "long.txt").write_text(ArchiveWriter(seed=4).text(400_000), encoding="utf-8")
    (outcome,) = run(Ingester(store, now=lambda: NOW, budget=0.01), drop).values()
    assert outcome.status == REJECTED
    assert outcome.reason.startswith("took longer than the 0.01 s time budget (while ")
    assert store.document_count() == 0


@pytest.mark.parametrize("configured, shown", [(None, "20 MiB"), ('"1 KiB"', "1 KiB"), ('"2MB"', "2MB"),
                                               ("3000", "3,000 bytes")])
def test_the_size_limit_is_printed_as_configured(store, drop, tmp_path, configured, shown):
    config_file = tmp_path / "b.toml"
    config_file.write_text(f"[ingest]\nmax_size = {configured}\n" if configured else "")
    config = load_config(config_file)
    assert config.max_size == shown
    (drop / "big.txt").write_bytes(b"Long article text. " * (config.max_bytes // 19 + 10))
    (outcome,) = run(Ingester.from_config(store, config, now=lambda: NOW), drop).values()
    assert outcome.status == REJECTED and outcome.reason.endswith(f"over the {shown} limit")
    assert outcome.reason.startswith("too large: ") and " MiB, " in outcome.reason


def test_cap_text_cuts_at_a_line_end_then_a_space():
    text = "first line of the story\nsecond line that goes on and on"
    assert cap_text(text, 30) == ("first line of the story", True)
    assert cap_text("a" * 40, 30) == ("a" * 30, True)
    assert cap_text(text, None) == (text, False) and cap_text(text, 1000) == (text, False)


def test_the_html_extractor_gets_the_page_without_its_scripts_and_no_more_than_the_limit():
    script = "<script>var state = {" + '"x": 1,' * 50_000 + "};</script>"
    page = ("<html><head><title>Port strike | Coast Post</title>" + script
            + '<script type="application/ld+json">{"datePublished": "2025-07-21"}</script></head><body>'
            + "<p>Dock workers will resume talks on Wednesday, the union said.</p>" * 20
            + "<div>filler</div>" * 100_000 + "</body></html>")
    limited, cut = limit_html(page, 200_000)
    assert cut and len(limited) <= 200_000 and "var state" not in limited
    assert '"datePublished": "2025-07-21"' in limited and limited.count("Dock workers") == 20
    assert limited.rfind("<") < limited.rfind(">")  # cut before a tag, never inside one
    small = "<html><script>x</script><p>short</p></html>"
    assert limit_html(small, 200_000) == (small, False)


def test_peak_memory_of_a_15_mb_page_of_repeated_tags_stays_under_500_mb(tmp_path):
    """The real CLI in a fresh process; the peak is that of the largest process of the run (the child too)."""
    drop = tmp_path / "drop"
    write_tag_soup(drop / "soup.html", 15)
    run = run_measured([sys.executable, "-m", "bot.cli", "--db", str(tmp_path / "b.db"), "ingest", str(drop)],
                       cwd=ROOT, timeout=600)
    assert run["returncode"] == 0, run["stderr"]
    assert run["stdout"].startswith("added") and "(truncated to 500,000 characters)" in run["stdout"]
    assert run["peak_kb"] / 1024 < 500, run["peak_kb"]
