"""A small Slack Web API on 127.0.0.1 for tests: real slack_sdk/slack_bolt clients talk HTTP to it.

In a test:

    with FakeSlack() as slack:                      # token "xoxb-test" unless told otherwise
        client = WebClient(token=slack.token, base_url=slack.url)
        ...
        assert slack.posts()[0]["channel"] == "C1"  # the parameters chat.postMessage received
        slack.fail_next("chat.postMessage", status=429, retry_after=0)

As a process (for tests that restart a worker around it):

    python tests/fake_slack.py --port-file F --log-file L [--token T] [--port P]

writes its port to F once it listens, appends each call to L as a JSON line, and
on start replays the messages logged in L so `conversations.history` survives a
restart of the fake itself. `POST /_control/fail_next` with a JSON body
{"method", "status", "retry_after", "times", "error"} and `GET /_control/calls`
drive it from another process. `drop_after_accept(method)` (or "drop": "after" in fail_next)
makes the next call do its work (a post is stored) and then close the connection without
an answer: what a client sees when the network fails after Slack accepted a post;
`drop_before_accept` ("drop": "before") hangs up without doing it.

Methods: auth.test, chat.postMessage, chat.postEphemeral, chat.update, users.info,
conversations.history, conversations.replies, apps.connections.open (its URL is `socket_url`, set by
tests/fake_slack_socket.py; by default one that refuses websockets), plus
`POST /response/<id>` for slash-command response_urls.
Parameters come from the query string, a form body or a JSON body (the async client
sends some methods as GET). A wrong or missing `Authorization: Bearer` token gets
`{"ok": false, "error": "invalid_auth"}`, as Slack answers.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import threading
import time
from dataclasses import asdict, dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

TOKEN = "xoxb-test"
APP_TOKEN = "xapp-test"
BOT_USER = "UBOT"
BOT_ID = "BBOT"
TEAM = "T1"


@dataclass
class Call:
    method: str  # "chat.postMessage", or "response" for a response_url
    params: dict
    headers: dict[str, str]  # names lower-cased
    http_method: str = "POST"
    path: str = ""
    at: float = field(default_factory=time.time)
    status: int = 200
    ok: bool = True  # the body said "ok": true
    raw: str = ""  # the request body (or query string) exactly as received


@dataclass
class Failure:
    status: int = 429
    retry_after: int | None = 1
    times: int = 1
    error: str | None = None  # with status 200: {"ok": false, "error": error}
    drop: str = ""  # "after": do the work, then hang up unanswered; "before": hang up without doing it


DROP = -1  # the status `handle` returns for "close the connection, send nothing"


def _truthy(value) -> bool:
    return value in (True, 1, "1", "true", "True")


class FakeSlack:
    def __init__(self, token: str = TOKEN, *, port: int = 0, log_file: Path | str | None = None,
                 admins: tuple[str, ...] = (), owners: tuple[str, ...] = (), app_token: str = APP_TOKEN):
        self.token = token
        self.app_token = app_token  # apps.connections.open (Socket Mode) wants this one
        self.socket_url: str | None = None  # what apps.connections.open answers (a FakeSlackSocket's URL)
        self.log_file = Path(log_file) if log_file else None
        self.users: dict[str, dict] = {}
        for user in admins:
            self.set_user(user, is_admin=True)
        for user in owners:
            self.set_user(user, is_owner=True)
        self.messages: list[dict] = []  # everything posted, oldest first
        self._calls: list[Call] = []
        self._failures: dict[str, list[Failure]] = {}
        self._lock = threading.Lock()
        self._ts = 1753340000.0
        if self.log_file and self.log_file.exists():
            self._replay(self.log_file)
        self.server = ThreadingHTTPServer(("127.0.0.1", port), _handler(self))
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/api/"
        self._thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()

    # -- the test-facing API --------------------------------------------------------------
    def __enter__(self) -> FakeSlack:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def response_url(self, name: str = "1") -> str:
        return f"http://127.0.0.1:{self.port}/response/{name}"

    def set_user(self, user: str, *, is_admin: bool = False, is_owner: bool = False) -> None:
        self.users[user] = {"id": user, "name": user.lower(), "team_id": TEAM, "is_admin": is_admin,
                            "is_owner": is_owner, "is_bot": False}

    def calls(self, method: str | None = None) -> list[Call]:
        with self._lock:
            return [c for c in self._calls if method is None or c.method == method]

    def posts(self) -> list[dict]:
        """The parameters of every chat.postMessage that was accepted (answered ok, or stored and then hung up on)."""
        return [c.params for c in self.calls("chat.postMessage") if c.status in (200, DROP) and c.ok]

    def responses(self) -> list[dict]:
        """The JSON bodies sent to response_urls."""
        return [c.params for c in self.calls("response")]

    def fail_next(self, method: str, status: int = 429, retry_after: int | None = 1, times: int = 1,
                  error: str | None = None, drop: str = "") -> None:
        """Answer the next `times` calls of `method` with `status` (429 carries Retry-After)."""
        with self._lock:
            self._failures.setdefault(method, []).append(Failure(status, retry_after, times, error, drop))

    def drop_after_accept(self, method: str, times: int = 1) -> None:
        """The next `times` calls of `method` succeed (a post is stored), then the connection closes unanswered."""
        self.fail_next(method, status=200, retry_after=None, times=times, drop="after")

    def drop_before_accept(self, method: str, times: int = 1) -> None:
        """The next `times` calls of `method` are lost: the connection closes, nothing is stored."""
        self.fail_next(method, status=200, retry_after=None, times=times, drop="before")

    def wait_for(self, method: str, count: int = 1, timeout: float = 10.0) -> list[Call]:
        """The calls of `method` once there are at least `count` of them; AssertionError on timeout."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.calls(method)
            if len(found) >= count:
                return found
            time.sleep(0.02)
        raise AssertionError(f"{method}: {len(self.calls(method))} call(s) after {timeout} s, wanted {count}")

    # -- serving --------------------------------------------------------------------------
    def _next_ts(self) -> str:
        self._ts += 0.0001
        return f"{self._ts:.6f}"

    def _replay(self, path: Path) -> None:
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                call = json.loads(line)
            except ValueError:
                continue
            if call.get("method") == "chat.postMessage" and call.get("status") in (200, DROP) and call.get("message"):
                self.messages.append(call["message"])
                self._ts = max(self._ts, float(call["message"]["ts"]))

    def _failure(self, method: str) -> Failure | None:
        queue = self._failures.get(method)
        if not queue:
            return None
        failure = queue[0]
        failure.times -= 1
        if failure.times <= 0:
            queue.pop(0)
        return failure

    def handle(self, call: Call) -> tuple[int, dict, dict]:
        """(status, headers, body) for one call; records it."""
        with self._lock:
            self._calls.append(call)
            failure = self._failure(call.method)
            if failure is not None and failure.drop == "before":
                call.status, call.ok = DROP, False
                self._log(call, None)
                return DROP, {}, {}
            if failure is not None and failure.drop:
                failure = None
                call.status = DROP
            if failure is not None and failure.status != 200:
                call.status = failure.status
                headers = {"Retry-After": str(failure.retry_after)} if failure.retry_after is not None else {}
                body = {"ok": False, "error": failure.error or ("ratelimited" if failure.status == 429 else "fatal")}
                self._log(call, None)
                return failure.status, headers, body
            wanted = self.app_token if call.method == "apps.connections.open" else self.token
            if call.method != "response" and call.headers.get("authorization") != f"Bearer {wanted}":
                call.ok = False
                self._log(call, None)
                error = "invalid_auth" if call.headers.get("authorization") else "not_authed"
                return 200, {}, {"ok": False, "error": error}
            if failure is not None:  # status 200 with an API error
                call.ok = False
                self._log(call, None)
                return 200, {}, {"ok": False, "error": failure.error or "internal_error"}
            body, message = self._answer(call)
            if not body.get("ok", True):
                call.ok = False
            self._log(call, message)
            return call.status if call.status == DROP else 200, {}, body

    def _answer(self, call: Call) -> tuple[dict, dict | None]:
        p = call.params
        if call.method == "response":
            return {"ok": True}, None
        if call.method == "auth.test":
            return {"ok": True, "url": "https://fake.slack.example/", "team": "Fake", "user": "briefbot",
                    "team_id": TEAM, "user_id": BOT_USER, "bot_id": BOT_ID, "is_enterprise_install": False}, None
        if call.method in ("chat.postMessage", "chat.postEphemeral"):
            if not p.get("channel"):
                return {"ok": False, "error": "channel_not_found"}, None
            ts = self._next_ts()
            message = {"type": "message", "ts": ts, "user": BOT_USER, "bot_id": BOT_ID, "text": p.get("text", ""),
                       "blocks": p.get("blocks") or [], "channel": p["channel"]}
            if p.get("thread_ts"):
                message["thread_ts"] = p["thread_ts"]
            if p.get("metadata"):
                message["metadata"] = p["metadata"]
            if call.method == "chat.postEphemeral":
                return {"ok": True, "message_ts": ts}, None
            self.messages.append(message)
            return {"ok": True, "channel": p["channel"], "ts": ts, "message": _public(message, True)}, message
        if call.method == "chat.update":
            for m in self.messages:
                if m["ts"] == p.get("ts") and m["channel"] == p.get("channel"):
                    m.update(text=p.get("text", m["text"]), blocks=p.get("blocks") or m["blocks"])
                    return {"ok": True, "channel": m["channel"], "ts": m["ts"], "text": m["text"]}, None
            return {"ok": False, "error": "message_not_found"}, None
        if call.method == "apps.connections.open":  # by default a URL that answers 404: no websocket here
            return {"ok": True, "url": self.socket_url or f"ws://127.0.0.1:{self.port}/socket"}, None
        if call.method == "users.info":
            user = self.users.get(p.get("user", ""))
            return ({"ok": True, "user": user} if user else {"ok": False, "error": "user_not_found"}), None
        if call.method in ("conversations.history", "conversations.replies"):
            if call.method == "conversations.history":
                # Newest first, top-level messages only (thread replies live in conversations.replies).
                found = [m for m in reversed(self.messages)
                         if m["channel"] == p.get("channel") and m.get("thread_ts", m["ts"]) == m["ts"]]
            else:
                # Oldest first: the parent (whose thread_ts is its own ts once it has replies), then replies.
                found = [{**m, "thread_ts": m["ts"]} if m["ts"] == p.get("ts") else m for m in self.messages
                         if m["channel"] == p.get("channel") and p.get("ts") in (m["ts"], m.get("thread_ts"))]
                if not found:
                    return {"ok": False, "error": "thread_not_found"}, None
            start = int(p.get("cursor") or 0)
            limit = int(p.get("limit") or 100)
            page = found[start : start + limit]
            more = start + limit < len(found)
            return {"ok": True, "messages": [_public(m, _truthy(p.get("include_all_metadata"))) for m in page],
                    "has_more": more, "response_metadata": {"next_cursor": str(start + limit) if more else ""}}, None
        return {"ok": False, "error": "unknown_method"}, None

    def _log(self, call: Call, message: dict | None) -> None:
        if self.log_file is None:
            return
        record = {k: v for k, v in asdict(call).items() if k != "headers"}
        record["authorized"] = call.headers.get("authorization") == f"Bearer {self.token}"
        if message is not None:
            record["message"] = message
        with self.log_file.open("a", encoding="utf-8") as f:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")


def _public(message: dict, with_metadata: bool) -> dict:
    out = {k: v for k, v in message.items() if k not in ("channel", "metadata")}
    if with_metadata and "metadata" in message:
        out["metadata"] = message["metadata"]
    return out


def _parse(raw: bytes, content_type: str, query: str) -> dict:
    params: dict = dict(parse_qsl(query, keep_blank_values=True))
    if raw:
        if "json" in content_type:
            params.update(json.loads(raw))
        else:
            params.update(parse_qsl(raw.decode("utf-8"), keep_blank_values=True))
    for name in ("blocks", "metadata", "attachments"):  # form-encoded JSON fields
        if isinstance(params.get(name), str) and params[name][:1] in "[{":
            try:
                params[name] = json.loads(params[name])
            except ValueError:
                pass
    return params


def _handler(fake: FakeSlack):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):  # quiet
            pass

        def _serve(self, http_method: str) -> None:
            url = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            headers = {k.lower(): v for k, v in self.headers.items()}
            try:
                params = _parse(raw, headers.get("content-type", ""), url.query)
            except ValueError:
                return self._send(400, {}, {"ok": False, "error": "invalid_form_data"})
            if url.path.startswith("/_control/"):
                return self._control(url.path, params)
            if url.path.startswith("/api/"):
                method = url.path[len("/api/"):]
            elif url.path.startswith("/response/"):
                method = "response"
            else:
                return self._send(404, {}, {"ok": False, "error": "not_found"})
            call = Call(method, params, headers, http_method, url.path,
                        raw=raw.decode("utf-8", "replace") or url.query)
            status, extra, body = fake.handle(call)
            if status == DROP:
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            self._send(status, extra, body)

        def _control(self, path: str, params: dict) -> None:
            if path == "/_control/fail_next":
                fake.fail_next(params["method"], int(params.get("status", 429)), params.get("retry_after", 1),
                               int(params.get("times", 1)), params.get("error"), params.get("drop") or "")
                return self._send(200, {}, {"ok": True})
            if path == "/_control/calls":
                return self._send(200, {}, {"ok": True, "calls": [
                    {k: v for k, v in asdict(c).items() if k != "headers"} for c in fake.calls()]})
            return self._send(404, {}, {"ok": False})

        def _send(self, status: int, headers: dict, body: dict) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):  # noqa: N802 (http.server's naming)
            self._serve("GET")

        def do_POST(self):  # noqa: N802
            self._serve("POST")

    return Handler


def main() -> None:
    parser = argparse.ArgumentParser(description="Fake Slack Web API for tests.")
    parser.add_argument("--port-file", required=True, type=Path)
    parser.add_argument("--log-file", type=Path)
    parser.add_argument("--token", default=TOKEN)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    fake = FakeSlack(args.token, port=args.port, log_file=args.log_file)
    tmp = args.port_file.with_name(args.port_file.name + ".tmp")
    tmp.write_text(str(fake.port))
    os.replace(tmp, args.port_file)  # readers never see a half-written port
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        fake.close()


if __name__ == "__main__":
    main()
