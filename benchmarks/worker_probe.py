"""What one new article costs a running worker: read into facts, deadlines re-merged, reminders re-planned and due
ones sent. Run in a process of its own by bench_schedule (python -m benchmarks.worker_probe STORE ARTICLES NOW).

The worker is warm, as a long-running one is: its spaCy model loaded and its first plan made
(timed apart). Then each new article goes through the worker's own steps: `Ingester.ingest_file`
(facts and the deadline index) and `Scheduler.tick` (the re-plan of what it touched, reminders
due). Prints JSON: CPU and wall time per article, the first plan, the process's peak RSS.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import sys
import time
from pathlib import Path

from adapters.posters import ConsolePoster
from benchmarks.peak import peak_mb
from bot.config import Channel, Config
from bot.ingest import Ingester
from bot.scheduler import Scheduler
from bot.store import Store

CHANNELS = (Channel("console", "desk", ("default",), "08:30", "Europe/Berlin", ("7d", "1d", "0d")),
            Channel("console", "night", ("default",), "21:00", "America/New_York", ("2d", "0d")),
            Channel("console", "asia", ("default",), "09:00", "Asia/Tokyo", ("1w", "1d")))


def main(db: str, articles: str, now: str) -> dict:
    moment = dt.datetime.fromisoformat(now)
    config = Config(db_path=Path(db), channels=CHANNELS)
    store = Store(db)
    sink = ConsolePoster(io.StringIO())
    scheduler = Scheduler(store, config, posters=lambda platform: sink)
    from summarizer.text.nlp import english

    english()  # a running worker loaded its model with its first article
    cpu, wall = time.process_time(), time.perf_counter()
    scheduler.tick(moment)
    first = {"cpu": time.process_time() - cpu, "wall": time.perf_counter() - wall,
             "reminders": len(store.reminders(status="planned"))}
    per_article = []
    for k, path in enumerate(sorted(Path(articles).glob("*.txt"))):
        at = moment + dt.timedelta(minutes=5 * (k + 1))
        ingester = Ingester(store, now=lambda at=at: at, aliases=config.aliases_for(None))
        cpu, wall = time.process_time(), time.perf_counter()
        outcome = ingester.ingest_file(path, root=path.parent)
        scheduler.tick(at)
        per_article.append({"cpu": time.process_time() - cpu, "wall": time.perf_counter() - wall,
                            "status": outcome.status})
    return {"first_plan": first, "articles": per_article,
            "rss_mb": peak_mb(),
            "documents": store.document_count(), "reminders": len(store.reminders(status="planned"))}


if __name__ == "__main__":
    print(json.dumps(main(*sys.argv[1:4])))
