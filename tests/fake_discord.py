"""A small Discord REST API and gateway on 127.0.0.1 for tests: real discord.py talks HTTP and websocket to it.

In a test:

    with FakeDiscord() as fake:                       # token "fake-discord-token" unless told otherwise
        discord.http.Route.BASE = fake.url            # http://127.0.0.1:PORT/api/v10
        ...
        assert fake.messages("42")[0]["allowed_mentions"] == {"parse": []}
        fake.fail_next("POST", "/channels/", status=429, retry_after=0.05)
        fake.gateway.dispatch("INTERACTION_CREATE", {...})   # see tests/fake_discord_gateway.py

As a process (for tests that restart a worker around it):

    python tests/fake_discord.py --port-file F --log-file L [--token T] [--port P]

writes its port to F once it listens, appends each call to L as a JSON line, and on
start replays the messages logged in L so `GET /channels/{id}/messages` survives a
restart of the fake itself. `POST /_control/fail_next` with a JSON body
{"method", "path", "status", "retry_after", "times"} and `GET /_control/calls` drive it
from another process.

Answers as Discord does where discord.py looks: `Content-Type: application/json` exactly
(with a charset discord.py takes the body for text), a 429 with `Via`, `Retry-After` and
a JSON `retry_after`, 401 for a wrong `Authorization: Bot` token, and a message created
with `enforce_nonce` and a nonce seen before in that channel is not created again (the
first one is returned). Like Discord, fetched messages carry no `nonce` (only the create
answer does), unless `history_nonces=True`.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import re
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from aiohttp import web

if __package__ in (None, ""):  # run as a script: make `tests.` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.fake_discord_gateway import FakeGateway  # noqa: E402

TOKEN = "fake-discord-token"
APP_ID = "900000000000000001"
BOT_ID = "900000000000000002"
OWNER_ID = "900000000000000003"
API_PREFIX = "/api/v10"


@dataclass
class Call:
    method: str
    path: str  # without /api/v10, e.g. "/channels/42/messages"
    query: dict
    headers: dict[str, str]  # names lower-cased
    body: dict | list | None
    status: int = 200
    at: float = field(default_factory=time.time)


@dataclass
class Failure:
    method: str
    path: str  # a prefix of the path, e.g. "/channels/"
    status: int = 429
    retry_after: float = 0.05
    times: int = 1
    after: int = 0  # matching calls let through first (e.g. 1: the second message of a post fails)


def bot_user() -> dict:
    return {"id": BOT_ID, "username": "briefbot", "discriminator": "0", "global_name": None, "avatar": None,
            "bot": True, "flags": 0, "public_flags": 0}


def application() -> dict:
    return {"id": APP_ID, "name": "briefbot", "description": "", "icon": None, "bot_public": False,
            "bot_require_code_grant": False, "verify_key": "00" * 32, "flags": 0, "team": None,
            "owner": {"id": OWNER_ID, "username": "owner", "discriminator": "0", "global_name": None, "avatar": None},
            "bot": bot_user()}


class FakeDiscord:
    def __init__(self, token: str = TOKEN, *, port: int = 0, log_file: Path | str | None = None,
                 history_nonces: bool = False):
        self.token = token
        self.log_file = Path(log_file) if log_file else None
        self.history_nonces = history_nonces
        self._calls: list[Call] = []
        self._messages: dict[str, list[dict]] = {}  # channel id -> messages, oldest first
        self._failures: list[Failure] = []
        self._lock = threading.Lock()
        self._ids = itertools.count(int(time.time() * 1000) << 22)
        self.syncs: list[Call] = []  # application command bulk overwrites
        if self.log_file and self.log_file.exists():
            self._replay(self.log_file)
        self.loop = asyncio.new_event_loop()
        self.gateway = FakeGateway(self)
        self._started = threading.Event()
        self._thread = threading.Thread(target=self._serve, args=(port,), name="fake-discord", daemon=True)
        self._thread.start()
        if not self._started.wait(10):
            raise RuntimeError("the fake Discord did not start")

    # -- life cycle -------------------------------------------------------------------------
    def _serve(self, port: int) -> None:
        asyncio.set_event_loop(self.loop)
        app = web.Application()
        app.router.add_get("/gateway", self.gateway.handle)
        app.router.add_route("*", "/_control/{what}", self._control)
        app.router.add_route("*", API_PREFIX + "/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app, handle_signals=False)
        self.loop.run_until_complete(self._runner.setup())
        site = web.TCPSite(self._runner, "127.0.0.1", port)
        self.loop.run_until_complete(site.start())
        self.port = self._runner.addresses[0][1]
        self._started.set()
        self.loop.run_forever()
        self.loop.run_until_complete(self._runner.cleanup())
        self.loop.close()

    def __enter__(self) -> FakeDiscord:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self.loop.is_running():
            asyncio.run_coroutine_threadsafe(self.gateway.close_all(), self.loop).result(5)
            self.loop.call_soon_threadsafe(self.loop.stop)
            self._thread.join(5)

    @property
    def url(self) -> str:
        """The REST base with the API version, as `discord.http.Route.BASE` takes it."""
        return f"http://127.0.0.1:{self.port}{API_PREFIX}"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    # -- what tests look at -----------------------------------------------------------------
    def calls(self, method: str | None = None, path: str | None = None) -> list[Call]:
        """Calls so far, optionally only those with this HTTP method and a path starting with `path`."""
        with self._lock:
            return [c for c in self._calls if (method is None or c.method == method)
                    and (path is None or c.path.startswith(path))]

    def messages(self, channel_id: str | int) -> list[dict]:
        """Messages created in a channel, oldest first: the JSON body as received, plus id and nonce."""
        with self._lock:
            return [dict(m) for m in self._messages.get(str(channel_id), [])]

    def fail_next(self, method: str, path: str, *, status: int = 429, retry_after: float = 0.05,
                  times: int = 1, after: int = 0) -> None:
        """The next `times` calls of `method` on a path starting with `path` get `status` (429: rate limited),
        once `after` such calls have gone through normally."""
        with self._lock:
            self._failures.append(Failure(method, path, status, retry_after, times, after))

    def wait_for(self, method: str, path: str, count: int = 1, timeout: float = 10.0) -> list[Call]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.calls(method, path)
            if len(found) >= count:
                return found
            time.sleep(0.02)
        raise AssertionError(f"expected {count} {method} {path}... calls, saw {len(self.calls(method, path))}: "
                             f"{[(c.method, c.path) for c in self.calls()]}")

    # -- HTTP -------------------------------------------------------------------------------
    async def _rest(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["tail"]
        raw = await request.read()
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = None
        call = Call(request.method, path, dict(request.query), {k.lower(): v for k, v in request.headers.items()}, body)
        status, payload, headers = self._answer(call)
        call.status = status
        with self._lock:
            self._calls.append(call)
        self._log({"call": asdict(call)})
        return _json(status, payload, headers)

    def _failure(self, call: Call) -> Failure | None:
        with self._lock:
            for f in self._failures:
                if f.method == call.method and call.path.startswith(f.path) and f.times > 0:
                    if f.after > 0:
                        f.after -= 1
                        return None
                    f.times -= 1
                    return f
        return None

    def _answer(self, call: Call) -> tuple[int, object, dict]:
        if failure := self._failure(call):
            if failure.status == 429:
                return 429, {"message": "You are being rate limited.", "retry_after": failure.retry_after,
                             "global": False}, {"Via": "1.1 google", "Retry-After": str(failure.retry_after),
                                                "X-RateLimit-Scope": "user"}
            return failure.status, {"message": f"{failure.status}: failure injected", "code": 0}, {}
        m, p = call.method, call.path
        webhook = re.fullmatch(r"/webhooks/(\d+)/([^/]+)(/messages/@original)?", p)
        callback = re.fullmatch(r"/interactions/(\d+)/([^/]+)/callback", p)
        if not (webhook or callback) and call.headers.get("authorization") != f"Bot {self.token}":
            return 401, {"message": "401: Unauthorized", "code": 0}, {}
        if m == "GET" and p == "/users/@me":
            return 200, bot_user(), {}
        if m == "GET" and p == "/oauth2/applications/@me":
            return 200, application(), {}
        if m == "GET" and p in ("/gateway", "/gateway/bot"):
            limit = {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}
            return 200, {"url": self.gateway_url, "shards": 1, "session_start_limit": limit}, {}
        if (found := re.fullmatch(r"/channels/(\d+)/messages", p)) and m == "POST":
            return 200, self._create(found.group(1), call.body or {}), {}
        if found and m == "GET":
            limit = int(call.query.get("limit", 50))
            with self._lock:
                newest_first = list(reversed(self._messages.get(found.group(1), [])))[:limit]
            return 200, [self._public(msg, history=True) for msg in newest_first], {}
        if m == "PUT" and re.fullmatch(rf"/applications/{APP_ID}(/guilds/\d+)?/commands", p):
            with self._lock:
                self.syncs.append(call)
            return 200, [{**c, "id": str(next(self._ids)), "application_id": APP_ID, "version": "1",
                          "default_member_permissions": c.get("default_member_permissions")}
                         for c in (call.body or [])], {}
        if callback and m == "POST":
            kind = (call.body or {}).get("type")
            flags = ((call.body or {}).get("data") or {}).get("flags") or 0
            return 200, {"interaction": {"id": callback.group(1), "type": 2, "response_message_loading": kind == 5,
                                         "response_message_ephemeral": bool(flags & 64)},
                         "resource": {"type": kind}}, {}
        if webhook and m in ("POST", "PATCH"):
            message = {**(call.body or {}), "id": str(next(self._ids)), "channel_id": "0",
                       "webhook_id": webhook.group(1)}
            return 200, self._public(message), {}
        return 404, {"message": "404: Not Found", "code": 0}, {}

    def _create(self, channel_id: str, body: dict) -> dict:
        with self._lock:
            existing = self._messages.setdefault(channel_id, [])
            if body.get("enforce_nonce") and body.get("nonce") is not None:
                for message in existing:
                    if message.get("nonce") == body["nonce"]:
                        return self._public(message)  # Discord's dedup: the first message, not a new one
            message = {**body, "id": str(next(self._ids)), "channel_id": channel_id}
            existing.append(message)
        self._log({"message": message})
        return self._public(message)

    def _public(self, message: dict, history: bool = False) -> dict:
        """A message object as Discord returns it."""
        out = {"id": message["id"], "channel_id": message.get("channel_id", "0"), "type": 0,
               "content": message.get("content") or "", "embeds": message.get("embeds") or [],
               "author": bot_user(), "timestamp": "2025-07-24T09:00:00.000000+00:00", "edited_timestamp": None,
               "tts": False, "mention_everyone": False, "mentions": [], "mention_roles": [], "attachments": [],
               "components": [], "pinned": False, "flags": message.get("flags") or 0}
        if message.get("webhook_id"):
            out["webhook_id"] = message["webhook_id"]
        if message.get("nonce") is not None and (not history or self.history_nonces):
            out["nonce"] = message["nonce"]
        return out

    # -- control from another process, the log -----------------------------------------------
    async def _control(self, request: web.Request) -> web.Response:
        what = request.match_info["what"]
        if what == "fail_next" and request.method == "POST":
            spec = await request.json()
            self.fail_next(spec["method"], spec["path"], status=spec.get("status", 429),
                           retry_after=spec.get("retry_after", 0.05), times=spec.get("times", 1))
            return _json(200, {"ok": True})
        if what == "calls":
            return _json(200, [asdict(c) for c in self.calls()])
        if what == "messages":
            return _json(200, self.messages(request.query.get("channel", "")))
        return _json(404, {"message": "unknown control"})

    def _log(self, entry: dict) -> None:
        if self.log_file:
            with self._lock, self.log_file.open("a", encoding="utf-8") as f:
                f.write(json.dumps(entry, ensure_ascii=False) + "\n")

    def _replay(self, path: Path) -> None:
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                entry = json.loads(line)
            except ValueError:
                continue  # a line cut by a crash of the fake itself
            if "message" in entry:
                message = entry["message"]
                self._messages.setdefault(message["channel_id"], []).append(message)


def _json(status: int, payload: object, headers: dict | None = None) -> web.Response:
    # Exactly "application/json": discord.py compares the header as a whole.
    return web.Response(status=status, body=json.dumps(payload).encode(),
                        headers={"Content-Type": "application/json", **(headers or {})})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--port-file", type=Path, required=True)
    parser.add_argument("--log-file", type=Path)
    parser.add_argument("--token", default=TOKEN)
    args = parser.parse_args()
    fake = FakeDiscord(args.token, port=args.port, log_file=args.log_file)
    tmp = args.port_file.with_suffix(".tmp")
    tmp.write_text(str(fake.port))
    tmp.replace(args.port_file)  # whole or absent: a reader never sees half a number
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        fake.close()


if __name__ == "__main__":
    main()
