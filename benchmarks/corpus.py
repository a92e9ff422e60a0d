"""Generated drop folders for benchmarks: many distinct ~5 KB articles made from the examples.

Each article mixes paragraphs of the example stories, renumbers figures and adds
a unique paragraph, keeping the examples' furniture lines, so cleaning, dating,
sentence splitting and near-duplicate lookup all do real work.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "drop"
CITIES = ["Brussels", "Geneva", "Istanbul", "Warsaw", "Vienna", "Riga", "Oslo", "Ankara", "Doha", "Tallinn"]


def _paragraphs() -> tuple[list[str], list[str]]:
    body, furniture = [], []
    for path in sorted(EXAMPLES.glob("*.txt")) + sorted(EXAMPLES.glob("*.md")):
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("cp1252")
        for para in re.split(r"\n\s*\n", text):
            para = para.strip()
            if not para:
                continue
            (body if len(para) > 160 else furniture).append(para)
    return body, furniture


def generate(folder: Path, count: int = 1000, size: int = 5000, seed: int = 7) -> list[Path]:
    """Write `count` distinct articles of about `size` bytes into `folder`; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    body, furniture = _paragraphs()
    paths = []
    for i in range(count):
        city = rng.choice(CITIES)
        parts = [f"Talks update {i}: {city} round", "Share on Facebook | Tweet | Copy link",
                 f"[{city}, July {1 + i % 28}, 2025]"]
        parts.append(f"Officials in {city} said on day {i} of the process that delegation number {i * 7 % 1000} "
                     f"had presented {rng.randint(2, 90)} proposals, and that {rng.randint(100, 5000)} prisoners "
                     f"could be exchanged if the talks in round {i} succeed.")
        while sum(len(p) for p in parts) < size:
            para = rng.choice(body)
            para = re.sub(r"\b\d{2,4}\b", lambda m: str(rng.randint(10, 999)), para)
            parts.append(para)
        parts += rng.sample(furniture, k=min(3, len(furniture)))
        path = folder / f"article-{i:05d}.txt"
        path.write_text("\n\n".join(parts) + "\n", encoding="utf-8")
        paths.append(path)
    return paths
