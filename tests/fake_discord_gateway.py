"""The gateway half of the fake Discord: a websocket on the fake's port speaking enough of Discord's protocol.

HELLO (op 10) on connect, HEARTBEAT (op 1) answered with HEARTBEAT_ACK (op 11),
IDENTIFY (op 2) answered with a READY dispatch (session_id, user, application,
guilds=[], resume_gateway_url), RESUME (op 6) with RESUMED. Frames go out as plain
JSON text, or zlib-stream compressed (one shared deflate stream, each frame ending
in Z_SYNC_FLUSH) when the client asked for `compress=zlib-stream` in the URL, as
discord.py does without zstd installed. A test injects events with `dispatch`
(e.g. a real INTERACTION_CREATE from `slash_interaction`) and forces a reconnect
with `reconnect()` (op 7).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
import zlib
from dataclasses import dataclass, field

from aiohttp import WSMsgType, web

HEARTBEAT_INTERVAL_MS = 41250


@dataclass
class Connection:
    ws: web.WebSocketResponse
    query: dict
    compressor: object | None = None  # zlib compressobj for zlib-stream
    identify: dict | None = None
    resume: dict | None = None
    received: list[dict] = field(default_factory=list)
    session_ready: bool = False  # READY or RESUMED sent

    async def send(self, payload: dict) -> None:
        text = json.dumps(payload)
        if self.compressor is not None:
            data = self.compressor.compress(text.encode()) + self.compressor.flush(zlib.Z_SYNC_FLUSH)
            await self.ws.send_bytes(data)
        else:
            await self.ws.send_str(text)


class FakeGateway:
    def __init__(self, fake):
        self.fake = fake  # the FakeDiscord whose loop and port this runs on
        self.connections: list[Connection] = []
        self.heartbeats = 0
        self._seq = 0
        self._sessions = itertools.count(1)

    @property
    def current(self) -> Connection | None:
        return self.connections[-1] if self.connections else None

    def identifies(self) -> list[dict]:
        return [c.identify for c in self.connections if c.identify is not None]

    def resumes(self) -> list[dict]:
        return [c.resume for c in self.connections if c.resume is not None]

    # -- the websocket ----------------------------------------------------------------------
    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True, max_msg_size=0)
        await ws.prepare(request)
        conn = Connection(ws, dict(request.query))
        if request.query.get("compress") == "zlib-stream":
            conn.compressor = zlib.compressobj()
        self.connections.append(conn)
        await conn.send({"op": 10, "d": {"heartbeat_interval": HEARTBEAT_INTERVAL_MS}, "s": None, "t": None})
        async for msg in ws:
            if msg.type != WSMsgType.TEXT:
                continue
            payload = json.loads(msg.data)
            conn.received.append(payload)
            op = payload.get("op")
            if op == 1:
                self.heartbeats += 1
                await conn.send({"op": 11, "d": None, "s": None, "t": None})
            elif op == 2:
                conn.identify = payload["d"]
                if payload["d"].get("token") != self.fake.token:
                    await ws.close(code=4004, message=b"Authentication failed.")
                    break
                await self._send_dispatch(conn, "READY", self._ready())
                conn.session_ready = True
            elif op == 6:
                conn.resume = payload["d"]
                await self._send_dispatch(conn, "RESUMED", {})
                conn.session_ready = True
        return ws

    def _ready(self) -> dict:
        from tests.fake_discord import APP_ID, bot_user

        return {"v": 10, "user": bot_user(), "guilds": [], "session_id": f"session-{next(self._sessions)}",
                "resume_gateway_url": self.fake.gateway_url, "application": {"id": APP_ID, "flags": 0},
                "user_settings": {}, "relationships": [], "private_channels": [], "presences": []}

    async def _send_dispatch(self, conn: Connection, event: str, data: dict) -> None:
        self._seq += 1
        await conn.send({"op": 0, "t": event, "s": self._seq, "d": data})

    async def close_all(self) -> None:
        for conn in self.connections:
            if not conn.ws.closed:
                await conn.ws.close()

    # -- driven from the test's thread ------------------------------------------------------
    def wait_session(self, count: int = 1, timeout: float = 10.0) -> Connection:
        """Wait until `count` connections have had their READY or RESUMED; the latest one."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            ready = [c for c in self.connections if c.session_ready]
            if len(ready) >= count:
                return ready[-1]
            time.sleep(0.02)
        raise AssertionError(f"no gateway session #{count} within {timeout} s ({len(self.connections)} connections)")

    def dispatch(self, event: str, data: dict) -> None:
        """Send a DISPATCH (op 0) on the current connection."""
        conn = self.current
        assert conn is not None and conn.session_ready, "no ready gateway session"
        asyncio.run_coroutine_threadsafe(self._send_dispatch(conn, event, data), self.fake.loop).result(5)

    def reconnect(self) -> None:
        """Ask the client to reconnect (op 7), as Discord does when it moves a session."""
        conn = self.current
        asyncio.run_coroutine_threadsafe(conn.send({"op": 7, "d": None, "s": None, "t": None}),
                                         self.fake.loop).result(5)


def slash_interaction(sub: str, options: dict | None = None, *, channel_id: str = "500", guild_id: str = "400",
                      user_id: str = "600", permissions: int = 0, interaction_id: str = "700",
                      token: str = "interaction-token-1", command_guild_id: str | None = None) -> dict:
    """A real-shaped INTERACTION_CREATE payload for `/brief <sub> [options]` typed in a guild text channel.

    `command_guild_id` is set only for a command registered to that guild (Discord's `data.guild_id`).
    """
    from tests.fake_discord import APP_ID

    user = {"id": user_id, "username": f"user{user_id}", "discriminator": "0", "global_name": None, "avatar": None}
    return {
        "id": interaction_id, "application_id": APP_ID, "type": 2, "token": token, "version": 1,
        "guild_id": guild_id, "channel_id": channel_id,
        "channel": {"id": channel_id, "type": 0, "guild_id": guild_id, "name": "news", "position": 0,
                    "permission_overwrites": [], "nsfw": False, "parent_id": None},
        "member": {"user": user, "roles": [], "joined_at": "2025-01-01T00:00:00+00:00", "deaf": False, "mute": False,
                   "flags": 0, "permissions": str(permissions), "nick": None, "avatar": None},
        "app_permissions": str(1 << 11 | 1 << 14), "locale": "en-US", "guild_locale": "en-US",
        "entitlements": [], "authorizing_integration_owners": {"0": guild_id}, "context": 0,
        "attachment_size_limit": 10 * 1024 * 1024,
        "data": {"id": "800", "name": "brief", "type": 1, **({"guild_id": command_guild_id} if command_guild_id else {}),
                 "options": [{"type": 1, "name": sub,
                              "options": [{"type": 3, "name": k, "value": v} for k, v in (options or {}).items()]}]},
    }
