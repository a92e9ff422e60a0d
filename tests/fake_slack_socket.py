"""A small Slack Socket Mode server on 127.0.0.1 for tests: the real slack_sdk client connects over a websocket.

In a test:

    with FakeSlack(TOKEN) as slack, FakeSlackSocket(slack) as socket:  # apps.connections.open now returns socket.url
        ...start the app with its SLACK_APP_TOKEN...
        socket.wait_connected()
        envelope_id = socket.slash_command("help", response_url=slack.response_url())
        ack = socket.wait_ack(envelope_id)         # what the app sent back, with its arrival time
        assert ack.at - socket.pushed(envelope_id).at < 3

The protocol, as slack_sdk.socket_mode and slack_bolt.adapter.socket_mode speak it:
the server sends {"type": "hello", ...} on connect, then envelopes
{"envelope_id", "type": "slash_commands" | "events_api" | "interactive", "payload",
"accepts_response_payload"} (events_api also "retry_attempt" and "retry_reason");
the app acknowledges each with {"envelope_id"} and, where a response payload is
accepted, {"envelope_id", "payload"}. {"type": "disconnect", "reason": ...} asks the
client to reconnect through apps.connections.open. Pings are answered with pongs (aiohttp's autoping).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import threading
import time
from dataclasses import dataclass, field

from aiohttp import WSMsgType, web

APP_ID = "A1"
TEAM = "T1"
PATH = "/link/"  # Slack's own wss URLs are wss://wss-primary.slack.com/link/?ticket=...&app_id=...


@dataclass
class Connection:
    ws: web.WebSocketResponse
    query: dict[str, str]
    at: float = field(default_factory=time.time)


@dataclass
class Pushed:
    envelope: dict
    at: float  # time.time() just before it was sent (comparable with tests.fake_slack.Call.at)


@dataclass
class Ack:
    envelope_id: str
    payload: dict | None  # None for an empty ack
    message: dict  # the whole JSON message as received
    at: float  # time.time() on arrival


class FakeSlackSocket:
    def __init__(self, web_api=None, *, app_id: str = APP_ID):
        """Listens at once; with `web_api` (a tests.fake_slack.FakeSlack) its apps.connections.open returns this URL."""
        self.app_id = app_id
        self.connections: list[Connection] = []
        self.other: list[dict] = []  # anything the app sent that is not an ack
        self._acks: list[Ack] = []
        self._pushed: dict[str, Pushed] = {}
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self.loop = asyncio.new_event_loop()
        self._started = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="fake-slack-socket", daemon=True)
        self._thread.start()
        if not self._started.wait(10):
            raise RuntimeError("the fake Socket Mode server did not start")
        self.url = f"ws://127.0.0.1:{self.port}{PATH}?ticket=fake-ticket-{self.port}&app_id={app_id}"
        if web_api is not None:
            web_api.socket_url = self.url

    # -- life cycle -------------------------------------------------------------------------
    def _serve(self) -> None:
        asyncio.set_event_loop(self.loop)
        app = web.Application()
        app.router.add_get(PATH, self._websocket)
        self._runner = web.AppRunner(app, handle_signals=False, shutdown_timeout=1)
        self.loop.run_until_complete(self._runner.setup())
        self.loop.run_until_complete(web.TCPSite(self._runner, "127.0.0.1", 0).start())
        self.port = self._runner.addresses[0][1]
        self._started.set()
        self.loop.run_forever()
        self.loop.run_until_complete(self._runner.cleanup())
        self.loop.close()

    def __enter__(self) -> FakeSlackSocket:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self.loop.is_running():
            asyncio.run_coroutine_threadsafe(self._close_all(), self.loop).result(5)
            self.loop.call_soon_threadsafe(self.loop.stop)
            self._thread.join(5)

    async def _close_all(self) -> None:
        for conn in self.connections:
            if not conn.ws.closed:
                await conn.ws.close()

    # -- the websocket ----------------------------------------------------------------------
    async def _websocket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        self.connections.append(Connection(ws, dict(request.query)))
        await ws.send_str(json.dumps({
            "type": "hello", "num_connections": len([c for c in self.connections if not c.ws.closed]),
            "debug_info": {"host": "applink-fake", "build_number": 1, "approximate_connection_time": 18060},
            "connection_info": {"app_id": self.app_id}}))
        async for msg in ws:
            if msg.type != WSMsgType.TEXT:
                continue
            try:
                message = json.loads(msg.data)
            except ValueError:
                message = {"unparsed": msg.data}
            with self._lock:
                if isinstance(message, dict) and "envelope_id" in message:
                    self._acks.append(Ack(message["envelope_id"], message.get("payload"), message, time.time()))
                else:
                    self.other.append(message)
        return ws

    # -- driven from the test's thread ------------------------------------------------------
    @property
    def current(self) -> Connection | None:
        open_ = [c for c in self.connections if not c.ws.closed]
        return open_[-1] if open_ else None

    def wait_connected(self, count: int = 1, timeout: float = 10.0, *, stop=lambda: False) -> Connection:
        """The newest connection once `count` have been made; AssertionError on timeout or when stop() is true."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and not stop():
            if len(self.connections) >= count and self.current is not None:
                return self.current
            time.sleep(0.01)
        raise AssertionError(f"{len(self.connections)} Socket Mode connection(s), wanted {count}")

    def push(self, type_: str, payload: dict, *, accepts_response_payload: bool = False,
             retry_attempt: int | None = None, retry_reason: str | None = None) -> str:
        """Send one envelope on the current connection; its envelope_id."""
        conn = self.current
        assert conn is not None, "no Socket Mode connection"
        envelope_id = f"env-{next(self._ids)}-{time.monotonic_ns():x}"
        envelope = {"envelope_id": envelope_id, "payload": payload, "type": type_,
                    "accepts_response_payload": accepts_response_payload}
        if retry_attempt is not None:
            envelope.update(retry_attempt=retry_attempt, retry_reason=retry_reason or "")
        with self._lock:
            self._pushed[envelope_id] = Pushed(envelope, time.time())
        asyncio.run_coroutine_threadsafe(conn.ws.send_str(json.dumps(envelope)), self.loop).result(5)
        return envelope_id

    def disconnect(self, reason: str = "refresh_requested") -> None:
        """Ask the client to move to a new connection, as Slack does every few hours."""
        conn = self.current
        assert conn is not None, "no Socket Mode connection"
        message = {"type": "disconnect", "reason": reason, "debug_info": {"host": "applink-fake"}}
        asyncio.run_coroutine_threadsafe(conn.ws.send_str(json.dumps(message)), self.loop).result(5)

    def slash_command(self, text: str, *, response_url: str, channel: str = "C1", user: str = "U1",
                      command: str = "/brief") -> str:
        """A slash_commands envelope as Slack sends it; its envelope_id."""
        payload = {"token": "legacy-verification-token", "team_id": TEAM, "team_domain": "fake",
                   "channel_id": channel, "channel_name": "news", "user_id": user, "user_name": user.lower(),
                   "command": command, "text": text, "api_app_id": self.app_id, "is_enterprise_install": "false",
                   "response_url": response_url, "trigger_id": f"1.2.{next(self._ids)}"}
        return self.push("slash_commands", payload, accepts_response_payload=True)

    def event(self, event: dict, *, event_id: str, bot_user: str, retry_attempt: int = 0,
              retry_reason: str = "") -> str:
        """An events_api envelope (first delivery: retry_attempt 0, retry_reason ""); its envelope_id."""
        payload = {"token": "legacy-verification-token", "team_id": TEAM, "api_app_id": self.app_id,
                   "event": event, "type": "event_callback", "event_id": event_id, "event_time": int(time.time()),
                   "authorizations": [{"enterprise_id": None, "team_id": TEAM, "user_id": bot_user, "is_bot": True,
                                       "is_enterprise_install": False}],
                   "is_ext_shared_channel": False, "event_context": f"4-{event_id}"}
        return self.push("events_api", payload, retry_attempt=retry_attempt, retry_reason=retry_reason)

    def pushed(self, envelope_id: str) -> Pushed:
        with self._lock:
            return self._pushed[envelope_id]

    def acks(self, envelope_id: str | None = None) -> list[Ack]:
        with self._lock:
            return [a for a in self._acks if envelope_id is None or a.envelope_id == envelope_id]

    def wait_ack(self, envelope_id: str, timeout: float = 5.0) -> Ack:
        """The app's first ack of an envelope; AssertionError on timeout."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.acks(envelope_id)
            if found:
                return found[0]
            time.sleep(0.005)
        raise AssertionError(f"no ack for {envelope_id} within {timeout} s")
