"""A `telegram.request.BaseRequest` that talks to the in-memory FakeBotServer."""

from __future__ import annotations

import json
from typing import Any

from telegram.request import BaseRequest, RequestData

from bot.localapi.server import BotApiError, FakeBotServer


class LocalBotRequest(BaseRequest):
    """Answers the bot's HTTP calls from a FakeBotServer, errors included (403, 429, 400)."""

    def __init__(self, server: FakeBotServer) -> None:
        self.server = server

    @property
    def read_timeout(self) -> float | None:
        return None

    async def initialize(self) -> None:
        """Nothing to open: the server lives in this process."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: object = BaseRequest.DEFAULT_NONE,
        write_timeout: object = BaseRequest.DEFAULT_NONE,
        connect_timeout: object = BaseRequest.DEFAULT_NONE,
        pool_timeout: object = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if "/file/bot" in url:
            file_id = url.rsplit("/", 1)[-1]
            content = self.server.files.get(file_id)
            return (200, content) if content is not None else (404, b"Not Found")
        api_method = url.rsplit("/", 1)[-1]
        params: dict[str, Any] = dict(request_data.parameters) if request_data else {}
        uploads = _uploads(request_data)
        try:
            result = await self.server.handle(api_method, params, uploads=uploads)
        except BotApiError as error:
            body: dict[str, Any] = {
                "ok": False,
                "error_code": error.status,
                "description": error.description,
            }
            if error.parameters:
                body["parameters"] = error.parameters
            return error.status, json.dumps(body).encode()
        return 200, json.dumps({"ok": True, "result": result}).encode()


def _uploads(request_data: RequestData | None) -> dict[str, tuple[str, bytes, str]]:
    """Uploaded files by part name: (file name, content, MIME type)."""
    if request_data is None or not request_data.contains_files:
        return {}
    uploads = {}
    for name, (file_name, content, mime_type) in request_data.multipart_data.items():
        data = content if isinstance(content, bytes) else content.read()
        uploads[name] = (file_name or name, data, mime_type)
    return uploads
