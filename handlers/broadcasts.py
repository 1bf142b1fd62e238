"""/announce (compose, preview, audience, when, confirm), /broadcasts, and publishing:
scheduled announcements, the news channel, and resuming broadcasts after a restart."""

from __future__ import annotations

from contextlib import suppress
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot import groups, jobs
from bot.broadcasts import Audience, draft_of_announcement
from bot.commands.catalogue import CommandCatalogue, CommandSpec
from bot.context import BotContext
from bot.core import expertise, regions
from bot.i18n import N_, _
from bot.outbox import notices, sender
from bot.outbox.content import Draft
from handlers.kit.replies import reply, require_role
from handlers.kit.setup import Setup
from models import AudienceKind, Role, utcnow

COMPOSE, AUDIENCE, REGION, AREA, WHEN, AT_TIME, CONFIRM, GROUP = range(8)
KEY = "announce"
TIME_FORMAT = "%d.%m.%Y %H:%M"


def _zone(context: BotContext) -> ZoneInfo:
    return ZoneInfo(context.services.settings.timezone)


def _button(label: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=data)


def _form(context: BotContext) -> dict[str, Any]:
    assert context.user_data is not None
    form: dict[str, Any] = context.user_data.setdefault(KEY, {})
    return form


def _audience(form: dict[str, Any]) -> Audience:
    return Audience(AudienceKind(form["audience"]), form.get("value"), form.get("group"))


def _is_organiser(context: BotContext) -> bool:
    return context.me.role.at_least(Role.ORGANISER)


async def _groups_for(context: BotContext) -> list[tuple[int, str]]:
    """The working groups this person may announce to: every active one for organisers,
    the ones they coordinate for everyone else (read from the database every time)."""
    db = context.services.db
    if _is_organiser(context):
        return [(group.id, group.name) for group in await groups.list_groups(db)]
    return await context.services.groups.coordinated_by(context.me.id)


async def audience_name(context: BotContext, audience: Audience) -> str:
    if audience.kind is AudienceKind.REGION:
        region = regions.BY_CODE.get(audience.value or "")
        name = region.name(context.locale) if region else audience.value
        return _("members in the region {region}").format(region=name)
    if audience.kind is AudienceKind.AREA:
        areas = {a.code: a for a in await expertise.list_areas(context.services.db)}
        area = areas.get(audience.value or "")
        name = area.name(context.locale) if area else audience.value
        return _("members with the expertise «{area}»").format(area=name)
    if audience.kind is AudienceKind.STARTED:
        return _("everyone who has started the bot")
    if audience.kind is AudienceKind.GROUP:
        group = await groups.get_group(context.services.db, audience.working_group_id or 0)
        name = group.name if group else f"#{audience.working_group_id}"
        return _("the working group «{group}»").format(group=name)
    return _("all members")


# ----- the /announce conversation -------------------------------------------------------------


@require_role(Role.MEMBER)
async def begin(update: Update, context: BotContext) -> int:
    """Ask for the announcement itself (organisers; coordinators for their own groups)."""
    assert context.user_data is not None
    if not _is_organiser(context) and not await _groups_for(context):
        await reply(
            update,
            _(
                "Announcements are sent by organisers, and by coordinators to their own "
                "working groups; you coordinate none."
            ),
        )
        return ConversationHandler.END
    context.user_data[KEY] = {}
    await reply(
        update,
        _(
            "Send the announcement: a text (formatting is kept), or a photo or a document "
            "with a caption. /cancel to stop."
        ),
    )
    return COMPOSE


async def composed(update: Update, context: BotContext) -> int:
    """Keep the content, show it exactly as members will see it, ask for the audience."""
    message = update.effective_message
    draft = notices.draft_of(message) if message else None
    if draft is None:
        await reply(update, _("Please send a text, a photo or a document. /cancel to stop."))
        return COMPOSE
    _form(context)["draft"] = draft.to_dict()
    await reply(update, _("Preview — members will see exactly this:"))
    await sender.send_payload(context.bot, context.me.telegram_id, draft.to_dict())
    if not _is_organiser(context):
        return await _ask_group(update, context)
    return await _ask_audience(update, context)


async def _ask_audience(update: Update, context: BotContext) -> int:
    rows = [
        [_button(_("All members"), "bc:aud:members")],
        [_button(_("A region"), "bc:aud:region"), _button(_("An expertise area"), "bc:aud:area")],
        [_button(_("Everyone who started the bot"), "bc:aud:started")],
    ]
    if await _groups_for(context):
        rows.append([_button(_("A working group"), "bc:aud:group")])
    await reply(update, _("Who gets it?"), reply_markup=InlineKeyboardMarkup(rows))
    return AUDIENCE


async def _ask_group(update: Update, context: BotContext) -> int:
    keyboard = InlineKeyboardMarkup(
        [[_button(name, f"bc:grp:{group_id}")] for group_id, name in await _groups_for(context)]
    )
    await reply(update, _("Which working group?"), reply_markup=keyboard)
    return GROUP


async def chose_group(update: Update, context: BotContext) -> int:
    query = update.callback_query
    assert query is not None and query.data is not None
    raw = query.data.removeprefix("bc:grp:")
    allowed = {group_id for group_id, _name in await _groups_for(context)}
    if not raw.isdigit() or int(raw) not in allowed:
        await query.answer(_("This button is no longer active."), show_alert=True)
        return GROUP
    await query.answer()
    _form(context).update(audience=AudienceKind.GROUP, value=None, group=int(raw))
    return await _ask_when(update, context)


async def chose_audience(update: Update, context: BotContext) -> int:
    query = update.callback_query
    assert query is not None and query.data is not None
    await query.answer()
    kind = query.data.removeprefix("bc:aud:")
    form = _form(context)
    if kind in (AudienceKind.MEMBERS, AudienceKind.STARTED):
        form.update(audience=kind, value=None)
        return await _ask_when(update, context)
    if kind == AudienceKind.GROUP:
        return await _ask_group(update, context)
    if kind == AudienceKind.AREA:
        areas = await expertise.list_areas(context.services.db)
        keyboard = InlineKeyboardMarkup(
            [[_button(area.name(context.locale), f"bc:area:{area.code}")] for area in areas]
        )
        await reply(update, _("Choose the expertise area:"), reply_markup=keyboard)
        return AREA
    await reply(update, _("Type the name of the region (a part of it is enough)."))
    return REGION


async def typed_region(update: Update, context: BotContext) -> int:
    message = update.effective_message
    assert message is not None and message.text is not None
    found = regions.search(message.text, context.locale)
    exact = [r for r in found if message.text.strip().lower() in (r.ru.lower(), r.en.lower())]
    if len(exact) == 1 or len(found) == 1:
        _form(context).update(audience=AudienceKind.REGION, value=(exact or found)[0].code)
        return await _ask_when(update, context)
    if not found:
        await reply(update, _("No region matches «{text}». Try again.").format(text=message.text))
        return REGION
    keyboard = InlineKeyboardMarkup(
        [[_button(region.name(context.locale), f"bc:reg:{region.code}")] for region in found]
    )
    await reply(update, _("Which one?"), reply_markup=keyboard)
    return REGION


async def chose_region(update: Update, context: BotContext) -> int:
    query = update.callback_query
    assert query is not None and query.data is not None
    code = query.data.removeprefix("bc:reg:")
    if code not in regions.BY_CODE:
        await query.answer(_("This button is no longer active."), show_alert=True)
        return REGION
    await query.answer()
    _form(context).update(audience=AudienceKind.REGION, value=code)
    return await _ask_when(update, context)


async def chose_area(update: Update, context: BotContext) -> int:
    query = update.callback_query
    assert query is not None and query.data is not None
    code = query.data.removeprefix("bc:area:")
    if code not in {area.code for area in await expertise.list_areas(context.services.db)}:
        await query.answer(_("This button is no longer active."), show_alert=True)
        return AREA
    await query.answer()
    _form(context).update(audience=AudienceKind.AREA, value=code)
    return await _ask_when(update, context)


async def _ask_when(update: Update, context: BotContext) -> int:
    urgent = bool(_form(context).get("urgent"))
    keyboard = InlineKeyboardMarkup(
        [
            [_button(_("Send now"), "bc:now"), _button(_("At a time…"), "bc:later")],
            [_button(_("Urgent: yes") if urgent else _("Urgent: no"), "bc:urgent")],
        ]
    )
    await reply(
        update,
        _(
            "When? Urgent announcements reach everyone at once, even those who chose a "
            "digest or only /news."
        ),
        reply_markup=keyboard,
    )
    return WHEN


async def chose_when(update: Update, context: BotContext) -> int:
    query = update.callback_query
    assert query is not None and query.data is not None
    await query.answer()
    form = _form(context)
    if query.data == "bc:urgent":
        form["urgent"] = not form.get("urgent")
        return await _ask_when(update, context)
    if query.data == "bc:later":
        example = datetime.now(_zone(context)).strftime(TIME_FORMAT)
        await reply(
            update,
            _("Send the date and time as DD.MM.YYYY HH:MM, {zone} time, e.g. {example}.").format(
                zone=context.services.settings.timezone, example=example
            ),
        )
        return AT_TIME
    form["at"] = None
    return await _ask_confirm(update, context)


async def typed_time(update: Update, context: BotContext) -> int:
    message = update.effective_message
    assert message is not None and message.text is not None
    try:
        moment = datetime.strptime(message.text.strip(), TIME_FORMAT).replace(tzinfo=_zone(context))
    except ValueError:
        await reply(update, _("I could not read that. Send it as DD.MM.YYYY HH:MM."))
        return AT_TIME
    if moment <= utcnow():
        await reply(update, _("That moment has passed. Send a time in the future."))
        return AT_TIME
    _form(context)["at"] = moment.isoformat()
    return await _ask_confirm(update, context)


async def _ask_confirm(update: Update, context: BotContext) -> int:
    form = _form(context)
    audience = _audience(form)
    count = await context.application.services.announcements.count(audience)
    when = (
        datetime.fromisoformat(form["at"]).astimezone(_zone(context)).strftime(TIME_FORMAT)
        if form.get("at")
        else _("now")
    )
    lines = [
        _("Audience: {audience} ({count}).").format(
            audience=await audience_name(context, audience), count=count
        ),
        _("When: {when}.").format(when=when),
    ]
    if form.get("urgent"):
        lines.append(_("Urgent: reaches everyone at once."))
    keyboard = InlineKeyboardMarkup(
        [[_button(_("Confirm"), "bc:ok"), _button(_("Cancel"), "bc:no")]]
    )
    await reply(update, "\n".join(lines), reply_markup=keyboard)
    return CONFIRM


async def confirmed(update: Update, context: BotContext) -> int:
    query = update.callback_query
    assert query is not None and query.data is not None and context.user_data is not None
    form = context.user_data.pop(KEY, {})
    if query.data == "bc:no" or "draft" not in form:
        await query.answer()
        await reply(update, _("Cancelled: nothing was sent."))
        return ConversationHandler.END
    audience = _audience(form)
    if not _is_organiser(context) and (
        audience.kind is not AudienceKind.GROUP
        or audience.working_group_id not in {g for g, _name in await _groups_for(context)}
    ):
        await query.answer(_("This button is no longer active."), show_alert=True)
        return ConversationHandler.END
    await query.answer()
    at = datetime.fromisoformat(form["at"]) if form.get("at") else None
    announcement = await context.application.services.announcements.create(
        author_id=context.me.id,
        draft=Draft.from_dict(form["draft"]),
        audience=audience,
        urgent=bool(form.get("urgent")),
        scheduled_at=at,
    )
    assert announcement.id is not None
    if at is None:
        await publish(context.application, announcement.id, progress_chat_id=context.me.telegram_id)
    else:
        schedule(context.application, announcement.id, at)
        await reply(
            update,
            _("Scheduled for {when}.").format(
                when=at.astimezone(_zone(context)).strftime(TIME_FORMAT)
            ),
        )
    return ConversationHandler.END


async def cancelled(update: Update, context: BotContext) -> int:
    if context.user_data is not None:
        context.user_data.pop(KEY, None)
    await reply(update, _("Cancelled: nothing was sent."))
    return ConversationHandler.END


async def stale(update: Update, context: BotContext) -> None:
    """A button of an earlier step (or forged data): nothing changes."""
    query = update.callback_query
    assert query is not None
    await query.answer(_("This button is no longer active."), show_alert=True)


async def unexpected(update: Update, context: BotContext) -> None:
    await reply(update, _("Please use the buttons above, or /cancel to stop."))


# ----- publishing -----------------------------------------------------------------------------


async def publish(
    application: Application, announcement_id: int, *, progress_chat_id: int | None
) -> int | None:
    """Make it news, post it to the news channel, and start sending it."""
    announcements = application.services.announcements
    broadcast_id = await announcements.publish(announcement_id, progress_chat_id=progress_chat_id)
    if broadcast_id is None:
        return None
    channel = await announcements.news_channel()
    announcement = await announcements.get(announcement_id)
    if channel is not None and announcement is not None:
        # The channel may be gone or the bot may have lost its rights: the news stays in /news.
        with suppress(TelegramError):
            await sender.send_payload(
                application.bot, channel, draft_of_announcement(announcement).to_dict()
            )
    sender.start(application, broadcast_id)
    return broadcast_id


async def _publish_scheduled(context: BotContext) -> None:
    assert context.job is not None
    announcement_id = int(context.job.data)  # type: ignore[arg-type]
    author = await context.application.services.announcements.author_chat_id(announcement_id)
    await publish(context.application, announcement_id, progress_chat_id=author)


def schedule(application: Application, announcement_id: int, at: datetime) -> None:
    """A job at the announcement's time, under a stable name (never two for one)."""
    when: datetime | float = at if at > utcnow() else 0
    name = f"broadcasts.publish:{announcement_id}"
    jobs.run_once(
        application, _publish_scheduled, when, name=name, data=announcement_id, replace=False
    )


async def restore(context: BotContext) -> None:
    """At start: resume interrupted broadcasts, re-create the jobs of scheduled ones."""
    application = context.application
    await sender.resume(application)
    for announcement in await application.services.announcements.scheduled():
        assert announcement.id is not None and announcement.scheduled_at is not None
        schedule(application, announcement.id, announcement.scheduled_at)


# ----- /broadcasts ----------------------------------------------------------------------------


@require_role(Role.ORGANISER)
async def list_broadcasts(update: Update, context: BotContext) -> None:
    """Scheduled announcements (with a Cancel button each), then the latest broadcasts with
    their final or current statistics."""
    await _show_scheduled(update, context)
    engine = context.application.services.outbox
    recent = await engine.recent(limit=10)
    if not recent:
        await reply(update, _("No broadcasts yet."))
        return
    zone = _zone(context)
    blocks = []
    for broadcast in recent:
        assert broadcast.id is not None
        stats = await engine.stats(broadcast.id)
        blocks.append(
            f"{broadcast.created_at.astimezone(zone):%d.%m.%Y %H:%M} · {broadcast.kind}\n"
            + sender.progress_text(stats)
        )
    await reply(update, "\n\n".join(blocks))


async def _show_scheduled(update: Update, context: BotContext) -> None:
    scheduled = await context.application.services.announcements.scheduled()
    if not scheduled:
        return
    zone = _zone(context)
    lines = [_("Scheduled announcements:")]
    buttons = []
    for item in sorted(scheduled, key=lambda a: a.scheduled_at or utcnow()):
        assert item.scheduled_at is not None
        preview = item.text if len(item.text) <= 60 else item.text[:60] + "…"
        lines.append(
            f"#{item.id} · {item.scheduled_at.astimezone(zone):%d.%m.%Y %H:%M} · {preview}"
        )
        label = _("Cancel #{id}").format(id=item.id)
        buttons.append([_button(label, f"bc:unsched:{item.id}")])
    await reply(update, "\n".join(lines), reply_markup=InlineKeyboardMarkup(buttons))


async def cancel_scheduled(update: Update, context: BotContext) -> None:
    """Cancel a scheduled announcement before it goes (organisers; the id is re-checked)."""
    query = update.callback_query
    assert query is not None and query.data is not None
    raw = query.data.removeprefix("bc:unsched:")
    allowed = context.person is not None and context.person.role.at_least(Role.ORGANISER)
    announcements = context.application.services.announcements
    if not allowed or not raw.isdigit() or not await announcements.discard(int(raw)):
        await query.answer(_("This button is no longer active."), show_alert=True)
        return
    assert context.job_queue is not None
    for job in context.job_queue.get_jobs_by_name(f"broadcasts.publish:{raw}"):
        job.schedule_removal()
    await query.answer(_("The scheduled announcement is cancelled."))
    await reply(update, _("Announcement #{id} will not be sent.").format(id=raw))


async def stop_broadcast(update: Update, context: BotContext) -> None:
    """The Cancel button under a progress message: organisers, and whoever the progress is
    shown to (a coordinator's group announcement); the id is re-checked."""
    query = update.callback_query
    assert query is not None
    parsed = sender.STOP.parse(query.data)
    engine = context.services.outbox
    broadcast = await engine.get(parsed[0]) if parsed else None
    organiser = context.person is not None and context.person.role.at_least(Role.ORGANISER)
    progress_here = broadcast is not None and broadcast.progress_chat_id == query.from_user.id
    if parsed is None or not (organiser or progress_here):
        await query.answer(_("This button is no longer active."), show_alert=True)
        return
    stats = await engine.cancel(parsed[0]) if broadcast is not None else None
    if stats is None:
        await query.answer(_("This broadcast is not being sent any more."), show_alert=True)
        return
    await query.answer(_("Broadcast cancelled."))
    await sender.show_progress(context.community, stats)


def register(setup: Setup) -> None:
    application = setup.application
    services = application.services  # type: ignore[attr-defined]
    catalogue: CommandCatalogue = services.commands
    catalogue.add(
        CommandSpec(
            "announce",
            N_("send an announcement (coordinators: to their working group)"),
            min_role=Role.MEMBER,
        )
    )
    catalogue.add(
        CommandSpec("broadcasts", N_("broadcasts and their statistics"), min_role=Role.ORGANISER)
    )
    text = filters.TEXT & ~filters.COMMAND
    conversation = ConversationHandler(
        entry_points=[CommandHandler("announce", begin, filters.ChatType.PRIVATE)],
        states={
            COMPOSE: [MessageHandler(~filters.COMMAND, composed)],
            AUDIENCE: [
                CallbackQueryHandler(
                    chose_audience, pattern="^bc:aud:(members|started|region|area|group)$"
                )
            ],
            REGION: [
                MessageHandler(text, typed_region),
                CallbackQueryHandler(chose_region, pattern="^bc:reg:"),
            ],
            AREA: [CallbackQueryHandler(chose_area, pattern="^bc:area:")],
            WHEN: [CallbackQueryHandler(chose_when, pattern="^bc:(now|later|urgent)$")],
            AT_TIME: [MessageHandler(text, typed_time)],
            CONFIRM: [CallbackQueryHandler(confirmed, pattern="^bc:(ok|no)$")],
            GROUP: [CallbackQueryHandler(chose_group, pattern="^bc:grp:")],
        },
        fallbacks=[
            CommandHandler("cancel", cancelled),
            CallbackQueryHandler(stale, pattern="^bc:(aud|reg|area|grp|now|later|urgent|ok|no)"),
            MessageHandler(~filters.COMMAND, unexpected),
        ],
        name="broadcasts.announce",
        persistent=True,
    )
    application.add_handler(conversation)
    application.add_handler(CommandHandler("broadcasts", list_broadcasts))
    application.add_handler(CallbackQueryHandler(cancel_scheduled, pattern=r"^bc:unsched:"))
    application.add_handler(CallbackQueryHandler(stop_broadcast, pattern=sender.STOP.pattern))
    assert application.job_queue is not None
    application.job_queue.run_once(restore, 0, name="broadcasts.restore")
