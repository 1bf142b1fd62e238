"""The Bot API methods that send, copy, edit and delete messages and answer queries."""

from __future__ import annotations

from bot.localapi.records import JSON, OutgoingEvent, bad_request
from bot.localapi.refusals import QUERY_ID_INVALID
from bot.localapi.state import MEDIA_KINDS, ServerState

MEDIA_METHODS = {
    "sendPhoto": "photo",
    "sendDocument": "document",
    "sendVideo": "video",
    "sendAudio": "audio",
    "sendVoice": "voice",
    "sendAnimation": "animation",
}
_COPIED = {"text", "entities", "caption", "caption_entities", *MEDIA_KINDS}


class MessageMethods(ServerState):
    """Each _api_<method> answers one Bot API method (FakeBotServer.handle finds it)."""

    def _api_sendMessage(self, params: JSON) -> JSON:
        content: JSON = {"text": str(params["text"])}
        if params.get("entities"):
            content["entities"] = params["entities"]
        return self._new_bot_message(params, **content)

    def _api_copyMessage(self, params: JSON) -> JSON:
        source = self._source(params, "copy")
        copied = {k: v for k, v in source.items() if k in _COPIED}
        if "caption" in params:
            copied["caption"] = params["caption"]
        message = self._new_bot_message(params, **copied)
        return {"message_id": message["message_id"]}

    def _api_forwardMessage(self, params: JSON) -> JSON:
        source = self._source(params, "forward")
        return self._new_bot_message(
            params,
            text=source.get("text", ""),
            forward_origin={"type": "chat", "date": source["date"], "sender_chat": source["chat"]},
        )

    def _source(self, params: JSON, purpose: str) -> JSON:
        key = (int(params["from_chat_id"]), int(params["message_id"]))
        if key not in self.messages:
            raise bad_request(f"message to {purpose} not found")
        return self.messages[key]

    def _api_editMessageText(self, params: JSON) -> JSON:
        message = self._editable(params, needs="text")
        changes = {"text": str(params["text"]), "entities": params.get("entities") or None}
        return self._edit(message, params, changes)

    def _api_editMessageCaption(self, params: JSON) -> JSON:
        message = self._editable(params, needs="caption")
        return self._edit(message, params, {"caption": params.get("caption") or None})

    def _api_editMessageReplyMarkup(self, params: JSON) -> JSON:
        return self._edit(self._editable(params), params, {})

    def _api_deleteMessage(self, params: JSON) -> bool:
        message = self._stored_message(params, "to delete")
        chat_id, message_id = message["chat"]["id"], message["message_id"]
        del self.messages[(chat_id, message_id)]
        self.events.append(OutgoingEvent(len(self.events), "deleted", chat_id, message_id))
        return True

    def _api_answerCallbackQuery(self, params: JSON) -> bool:
        query_id = str(params["callback_query_id"])
        if query_id not in self._open_callbacks:  # never asked, or answered already
            raise bad_request(QUERY_ID_INVALID)
        self._open_callbacks.discard(query_id)
        self.callback_answers[query_id] = params
        return True

    def _api_answerInlineQuery(self, params: JSON) -> bool:
        self.inline_answers[str(params["inline_query_id"])] = params
        return True

    def _api_sendPoll(self, params: JSON) -> JSON:
        poll = {
            "id": f"poll-{len(self.calls)}",
            "question": params["question"],
            "options": [
                {"text": option["text"], "voter_count": 0, "persistent_id": str(index)}
                for index, option in enumerate(params["options"])
            ],
            "total_voter_count": 0,
            "is_closed": False,
            "is_anonymous": params.get("is_anonymous", True),
            "type": params.get("type", "regular"),
            "allows_multiple_answers": bool(params.get("allows_multiple_answers")),
            "allows_revoting": True,
            "members_only": False,
        }
        return self._new_bot_message(params, poll=poll)

    def _send_media(
        self, method: str, params: JSON, uploads: dict[str, tuple[str, bytes, str]]
    ) -> JSON:
        kind = MEDIA_METHODS[method]
        source = params.get(kind)
        file_id = (
            source
            if isinstance(source, str) and not source.startswith("attach://")
            else (f"sent-{next(self._file_ids)}")
        )
        described: JSON = {"file_id": file_id, "file_unique_id": file_id}
        if kind in uploads:
            file_name, content, mime_type = uploads[kind]
            self.files[file_id] = content
            described |= {"file_name": file_name, "mime_type": mime_type}
        if kind == "photo":
            described.update(width=800, height=600)
        fields: JSON = {kind: [described] if kind == "photo" else described}
        if params.get("caption"):
            fields["caption"] = params["caption"]
        return self._new_bot_message(params, **fields)
