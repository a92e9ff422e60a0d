"""A scripted OpenAI-compatible server on 127.0.0.1 (port 0) for tests of the LLM engine.

Each test queues canned replies (status, headers, JSON body or raw bytes, delay);
the server answers requests in order and records every request it saw, so tests
assert on what the real `openai` client sent, not on what we meant to send. A
server built with `respond` plays a model instead once the queue is empty: it
reads the passages of each request (`passages_in`) and writes its reply from
them, as the sloppy and the inventing models of tests/test_llm_models.py do.
"""

from __future__ import annotations

import json
import re
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Canned:
    status: int = 200
    body: dict | None = None
    raw: bytes | None = None  # sent as is instead of `body` (for broken replies)
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]  # names lower-cased
    body: dict | None


def completion(content: str | None, *, finish_reason: str = "stop", refusal: str | None = None,
               prompt_tokens: int = 120, completion_tokens: int = 30) -> dict:
    """A chat.completion body with one choice."""
    return {
        "id": "chatcmpl-fake", "object": "chat.completion", "created": 1753000000, "model": "fake-model",
        "choices": [{"index": 0, "finish_reason": finish_reason,
                     "message": {"role": "assistant", "content": content, "refusal": refusal}}],
        "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                  "total_tokens": prompt_tokens + completion_tokens},
    }


def tool_call(name: str = "lookup_article", arguments: str = '{"query": "talks"}') -> Canned:
    """A 200 whose reply is a call to a tool the request never offered (no content)."""
    body = completion(None, finish_reason="tool_calls")
    body["choices"][0]["message"]["tool_calls"] = [
        {"id": "call_fake1", "type": "function", "function": {"name": name, "arguments": arguments}}]
    return Canned(200, body)


_PASSAGE = re.compile(r'<passage id="(\d+)"[^>]*>\n(.*?)\n</passage>', re.S)


def passages_in(body: dict) -> dict[int, str]:
    """The numbered passages of a request's user message, as the model saw them."""
    user = next(m["content"] for m in body["messages"] if m["role"] == "user")
    return {int(n): text for n, text in _PASSAGE.findall(user)}


def error(status: int, message: str, *, code: str | None = None, param: str | None = None, **headers) -> Canned:
    body = {"error": {"message": message, "type": "invalid_request_error", "code": code, "param": param}}
    return Canned(status, body, headers={k.replace("_", "-"): v for k, v in headers.items()})


def reply(obj: dict, **kw) -> Canned:
    """A 200 whose message content is `obj` as JSON."""
    return Canned(200, completion(json.dumps(obj), **kw))


def _lower(headers) -> dict[str, str]:
    return {k.lower(): v for k, v in headers.items()}


class FakeOpenAI:
    def __init__(self, respond: Callable[[dict], Canned] | None = None):
        self.respond = respond  # plays the model once the script is empty
        self.script: deque[Canned] = deque()
        self.requests: list[Seen] = []
        self.released = threading.Event()  # ends pending delays at shutdown
        self._lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's naming)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                try:
                    body = json.loads(raw) if raw else None
                except ValueError:
                    body = None
                with fake._lock:
                    fake.requests.append(Seen("POST", self.path, _lower(self.headers), body))
                    canned = fake.script.popleft() if fake.script else None
                if canned is None and fake.respond is not None and body is not None:
                    canned = fake.respond(body)
                if canned is None:
                    canned = error(599, "fake server: script exhausted")
                elif self.path.rstrip("/") != "/v1/chat/completions":
                    canned = error(404, f"fake server: no route {self.path}")
                if canned.delay and fake.released.wait(canned.delay):
                    return
                data = canned.raw if canned.raw is not None else json.dumps(canned.body).encode()
                try:
                    self.send_response(canned.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    for name, value in canned.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:  # the client gave up (timeout test)
                    pass

            def do_GET(self):  # noqa: N802
                with fake._lock:
                    fake.requests.append(Seen("GET", self.path, _lower(self.headers), None))
                self.send_error(404)

            def log_message(self, *args):  # keep test output quiet
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.block_on_close = False
        self.port = self.server.server_address[1]
        self.base_url = f"http://127.0.0.1:{self.port}/v1"
        self._thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)

    def __enter__(self) -> FakeOpenAI:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.released.set()
        self.server.shutdown()
        self.server.server_close()

    def queue(self, *canned: Canned) -> None:
        self.script.extend(canned)

    @property
    def bodies(self) -> list[dict]:
        return [r.body for r in self.requests if r.method == "POST"]
