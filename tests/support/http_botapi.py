"""The FakeBotServer behind real HTTP on 127.0.0.1: a stand-in for a self-hosted Bot API
server (`/bot<token>/<method>`, form-encoded or JSON parameters)."""

from __future__ import annotations

import asyncio
import json
from urllib.parse import parse_qsl

from bot.localapi.server import BotApiError, FakeBotServer


class HttpBotApi:
    """Serves `server` over HTTP/1.1 on a free loopback port; records the paths it saw."""

    def __init__(self, server: FakeBotServer) -> None:
        self.server = server
        self.paths: list[str] = []
        self._listener: asyncio.Server | None = None

    @property
    def url(self) -> str:
        assert self._listener is not None
        host, port = self._listener.sockets[0].getsockname()[:2]
        return f"http://{host}:{port}"

    async def start(self) -> None:
        self._listener = await asyncio.start_server(self._serve, "127.0.0.1", 0)

    async def stop(self) -> None:
        if self._listener is not None:
            self._listener.close()
            await self._listener.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                request_line = await reader.readline()
                if not request_line:
                    break
                _verb, path, _version = request_line.decode().split(" ", 2)
                headers: dict[str, str] = {}
                while (line := await reader.readline()) not in (b"\r\n", b"\n", b""):
                    name, _sep, value = line.decode().partition(":")
                    headers[name.strip().lower()] = value.strip()
                body = await reader.readexactly(int(headers.get("content-length", "0")))
                status, payload = await self._answer(path, headers, body)
                writer.write(
                    f"HTTP/1.1 {status} OK\r\nContent-Type: application/json\r\n"
                    f"Content-Length: {len(payload)}\r\n\r\n".encode()
                    + payload
                )
                await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()

    async def _answer(self, path: str, headers: dict[str, str], body: bytes) -> tuple[int, bytes]:
        self.paths.append(path)
        method = path.rsplit("/", 1)[-1]
        if headers.get("content-type", "").startswith("application/json"):
            params = json.loads(body or b"{}")
        else:
            params = dict(parse_qsl(body.decode()))
        try:
            result = await self.server.handle(method, params)
        except BotApiError as error:
            answer = {"ok": False, "error_code": error.status, "description": error.description}
            return error.status, json.dumps(answer).encode()
        return 200, json.dumps({"ok": True, "result": result}).encode()
