"""The Bot API methods about the bot, chats and their members, commands and webhooks."""

from __future__ import annotations

from bot.localapi.records import JSON, bad_request
from bot.localapi.state import ServerState

NO_RESULT_METHODS = {
    "setMyCommands",
    "deleteMyCommands",
    "setWebhook",
    "deleteWebhook",
    "setMyDescription",
    "setMyShortDescription",
    "setMyName",
    "setChatMenuButton",
    "sendChatAction",
    "pinChatMessage",
    "unpinChatMessage",
    "leaveChat",
    "close",
    "logOut",
}


class ChatMethods(ServerState):
    """Each _api_<method> answers one Bot API method (FakeBotServer.handle finds it)."""

    def _no_result(self, method: str, params: JSON) -> bool:
        if method == "setMyCommands":
            self.commands[command_key(params)] = params["commands"]
        elif method == "deleteMyCommands":
            self.commands.pop(command_key(params), None)
        elif method == "setWebhook":
            self.webhook = {"url": params.get("url", "")}
        elif method == "deleteWebhook":
            self.webhook = {"url": ""}
        elif method == "pinChatMessage":
            self._stored_message(params, "to pin")
        return True

    def _api_getMe(self, params: JSON) -> JSON:
        return self.bot_user

    def _api_getWebhookInfo(self, params: JSON) -> JSON:
        return {
            "url": self.webhook["url"],
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }

    def _api_getMyCommands(self, params: JSON) -> list[JSON]:
        return self.commands.get(command_key(params), [])

    def _api_getChat(self, params: JSON) -> JSON:
        chat_id = int(params["chat_id"])
        if chat_id not in self.chats:
            raise bad_request("chat not found")
        return {**self.chats[chat_id], "accent_color_id": 0, "max_reaction_count": 11}

    def _api_getChatMember(self, params: JSON) -> JSON:
        chat_id, user_id = int(params["chat_id"]), int(params["user_id"])
        status = self.members.get((chat_id, user_id), "left")
        user = self.bot_user if user_id == self.bot_user["id"] else self.users.get(user_id)
        if user is None:
            raise bad_request("user not found")
        return member_json(user, status)

    def _api_getChatAdministrators(self, params: JSON) -> list[JSON]:
        chat_id = int(params["chat_id"])
        return [
            member_json(self.bot_user if uid == self.bot_user["id"] else self.users[uid], status)
            for (cid, uid), status in self.members.items()
            if cid == chat_id and status in {"creator", "administrator"}
        ]

    def _api_getChatMemberCount(self, params: JSON) -> int:
        chat_id = int(params["chat_id"])
        return sum(
            1
            for (cid, _), status in self.members.items()
            if cid == chat_id and status in {"creator", "administrator", "member"}
        )

    def _set_status(self, params: JSON, status: str) -> bool:
        self.members[(int(params["chat_id"]), int(params["user_id"]))] = status
        return True

    def _api_approveChatJoinRequest(self, params: JSON) -> bool:
        return self._set_status(params, "member")

    def _api_declineChatJoinRequest(self, params: JSON) -> bool:
        return self._set_status(params, "left")

    def _api_banChatMember(self, params: JSON) -> bool:
        return self._set_status(params, "kicked")

    def _api_unbanChatMember(self, params: JSON) -> bool:
        key = (int(params["chat_id"]), int(params["user_id"]))
        if self.members.get(key) == "kicked" or not params.get("only_if_banned"):
            self.members[key] = "left"
        return True

    def _api_createChatInviteLink(self, params: JSON) -> JSON:
        link = {
            "invite_link": f"https://t.me/+fake{len(self.invite_links) + 1}",
            "creator": self.bot_user,
            "creates_join_request": bool(params.get("creates_join_request")),
            "is_primary": False,
            "is_revoked": False,
        }
        if params.get("name"):
            link["name"] = params["name"]
        self.invite_links.append({**link, "chat_id": int(params["chat_id"])})
        return link

    def _api_exportChatInviteLink(self, params: JSON) -> str:
        return str(self._api_createChatInviteLink(params)["invite_link"])

    def _api_getFile(self, params: JSON) -> JSON:
        file_id = str(params["file_id"])
        if file_id not in self.files:
            raise bad_request("invalid file_id")
        return {
            "file_id": file_id,
            "file_unique_id": file_id,
            "file_size": len(self.files[file_id]),
            "file_path": f"files/{file_id}",
        }


def command_key(params: JSON) -> tuple[str, str]:
    scope = params.get("scope") or {"type": "default"}
    scope_key = scope["type"] + (f":{scope['chat_id']}" if "chat_id" in scope else "")
    return scope_key, str(params.get("language_code") or "")


def member_json(user: JSON, status: str) -> JSON:
    member: JSON = {"status": status, "user": user}
    if status == "administrator":
        member.update(
            can_be_edited=False,
            is_anonymous=False,
            can_manage_chat=True,
            can_delete_messages=True,
            can_manage_video_chats=True,
            can_restrict_members=True,
            can_promote_members=False,
            can_change_info=True,
            can_invite_users=True,
            can_post_stories=False,
            can_edit_stories=False,
            can_delete_stories=False,
        )
    elif status == "creator":
        member["is_anonymous"] = False
    elif status == "kicked":
        member["until_date"] = 0
    return member
