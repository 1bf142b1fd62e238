"""How proposals look: names of kinds, states and stances, the card and the stance list.

Everything here renders in the current locale; callers switch it with `use_locale` when the
text is for someone else (a card in the community chat, a notification).
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.core import text as limits
from bot.decisions.rules import Rules, Tally, rules_of
from bot.decisions.views import Card, Draft, StanceLine
from bot.i18n import _, ngettext
from bot.services import Services
from handlers.decisions.buttons import AMEND, CARD, FULL_TEXT, REASONS, STANCE, WITHDRAW
from models import PlanStatus, Proposal, ProposalKind, ProposalState, StanceKind


def kind_name(kind: ProposalKind) -> str:
    return {
        ProposalKind.PLAN_ADD: _("add a plan item"),
        ProposalKind.PLAN_CHANGE: _("change a plan item"),
        ProposalKind.PRIORITIES: _("change priorities"),
        ProposalKind.RULE: _("a rule or norm"),
        ProposalKind.REVIEW: _("review of a decision"),
    }[kind]


def status_name(status: PlanStatus) -> str:
    return {
        PlanStatus.PLANNED: _("planned"),
        PlanStatus.IN_PROGRESS: _("in progress"),
        PlanStatus.DONE: _("done"),
        PlanStatus.DROPPED: _("dropped"),
    }[status]


def change_lines(changes: dict[str, Any], responsible: str | None) -> list[str]:
    """What a change proposal changes in its item, one line per field."""
    lines = []
    if "title" in changes:
        lines.append(_("• new title: {value}").format(value=changes["title"]))
    if "description" in changes:
        lines.append(_("• new description: {value}").format(value=changes["description"]))
    if "responsible_ids" in changes:
        lines.append(_("• responsible: {value}").format(value=responsible or "—"))
    if "due_date" in changes:
        lines.append(
            _("• new due date: {value}").format(value=day(date.fromisoformat(changes["due_date"])))
        )
    if "status" in changes:
        lines.append(
            _("• new status: {value}").format(value=status_name(PlanStatus(changes["status"])))
        )
    return lines


def state_name(state: ProposalState) -> str:
    return {
        ProposalState.SUBMITTED: _("awaiting review"),
        ProposalState.RETURNED: _("sent back"),
        ProposalState.OPEN: _("open for decision"),
        ProposalState.ACCEPTED: _("accepted by consensus"),
        ProposalState.REJECTED: _("not accepted: too little agreement"),
        ProposalState.BLOCKED: _("not accepted: blocked"),
        ProposalState.NO_QUORUM: _("closed: no quorum"),
        ProposalState.WITHDRAWN: _("withdrawn by the author"),
    }[state]


def stance_name(kind: StanceKind) -> str:
    return {
        StanceKind.AGREE: _("Agree"),
        StanceKind.ABSTAIN: _("Abstain"),
        StanceKind.DISAGREE: _("Disagree"),
        StanceKind.BLOCK: _("Block"),
    }[kind]


def local_zone(services: Services) -> tzinfo:
    """The community's time zone: moments are shown in it."""
    return ZoneInfo(services.settings.timezone)


def moment(value: datetime, zone: tzinfo) -> str:
    return f"{value.astimezone(zone):%d.%m.%Y %H:%M}"


def day(value: date) -> str:
    return f"{value:%d.%m.%Y}"


def body_label(group: str | None) -> str:
    """The community (None), or the working group of that name."""
    if group is None:
        return _("the whole community")
    return _("working group «{name}»").format(name=group)


def body_name(proposal: Proposal, group: str | None = None) -> str:
    """The body that decides; `group` is the working group's name (None once archived)."""
    if proposal.working_group_id is None or group:
        return body_label(group if proposal.working_group_id is not None else None)
    return _("working group #{number}").format(number=proposal.working_group_id)


def summary(proposal: Proposal, group: str | None = None) -> list[str]:
    """The proposal itself: what is proposed, by whom it is decided."""
    lines = [
        _("Proposal #{number}: {title}").format(number=proposal.id, title=proposal.title),
        _("Kind: {kind}").format(kind=kind_name(proposal.kind)),
    ]
    if proposal.reopens_id:
        lines.append(
            _("A review of decision #{number}: does it still hold?").format(
                number=proposal.reopens_id
            )
        )
    if proposal.changes_item:
        lines.append(_("Changes: {item}").format(item=proposal.changes_item))
    if proposal.changes is not None:
        lines += change_lines(proposal.changes, proposal.responsible)
    elif proposal.responsible:
        lines.append(_("Responsible: {who}").format(who=proposal.responsible))
    if proposal.due_date:
        lines.append(_("Due: {date}").format(date=day(proposal.due_date)))
    lines.append(_("Decided by: {body}").format(body=body_name(proposal, group)))
    lines += ["", proposal.description]
    if proposal.amendments:
        lines.append(ngettext("(amended {n} time)", "(amended {n} times)", proposal.amendments))
    return lines


def text_line(lines: list[str], proposal: Proposal) -> int:
    """Where the proposal's text is among lines that end with its `summary`."""
    return max(index for index, line in enumerate(lines) if line == proposal.description)


def draft_preview(draft: Draft, proposer_id: int, group: str | None) -> str:
    """The proposal as it will be submitted, for its author to check."""
    preview = draft.proposal(proposer_id, id=0)
    heading = [_("Please check your proposal:"), "", _("Title: {title}").format(title=draft.title)]
    return "\n".join([*heading, *summary(preview, group)[1:]])


def tally_lines(tally: Tally, rules: Rules, blockers: list[str]) -> list[str]:
    counts = " · ".join(
        f"{stance_name(kind)}: {count}"
        for kind, count in (
            (StanceKind.AGREE, tally.agree),
            (StanceKind.ABSTAIN, tally.abstain),
            (StanceKind.DISAGREE, tally.disagree),
            (StanceKind.BLOCK, tally.block),
        )
    )
    lines = [counts]
    lines.append(
        _("Stances: {taken} of {body} (quorum {needed}).").format(
            taken=tally.total, body=tally.body_size, needed=tally.quorum_needed(rules)
        )
    )
    if blockers:
        lines.append(_("Blocked by: {names}").format(names=", ".join(blockers)))
    return lines


def _card_lines(card: Card, zone: tzinfo) -> tuple[list[str], list[int]]:
    """The card's lines, and where the ones that grow are (the text, who blocks, the
    outcome)."""
    proposal, stances = card.proposal, card.stances
    lines = summary(proposal, card.group)
    growing = [text_line(lines, proposal)]
    lines.append("")
    if proposal.state is ProposalState.OPEN and proposal.deadline is not None:
        deadline = moment(proposal.deadline, zone)
        if proposal.extended:
            lines.append(_("Open until {deadline} (extended once).").format(deadline=deadline))
        else:
            lines.append(_("Open until {deadline}.").format(deadline=deadline))
    else:
        lines.append(_("State: {state}").format(state=state_name(proposal.state)))
    blockers = [line.name for line in stances if line.kind is StanceKind.BLOCK]
    lines += tally_lines(card.tally, rules_of(proposal), blockers)
    if blockers:
        growing.append(len(lines) - 1)
    if proposal.outcome:
        lines += ["", _("Outcome: {text}").format(text=proposal.outcome)]
        growing.append(len(lines) - 1)
    return lines, growing


def full_card_text(card: Card, zone: tzinfo) -> str:
    """Everything the card says, however long (sent in parts)."""
    return "\n".join(_card_lines(card, zone)[0])


def card_text(card: Card, zone: tzinfo) -> str:
    """The card as one message: the text, the blockers or the outcome shortened with "…"
    when everything would not fit."""
    return limits.fit_lines(*_card_lines(card, zone))


def rendered_card(card: Card, zone: tzinfo) -> tuple[str, InlineKeyboardMarkup | None]:
    """The card and its buttons; a shortened card has one more that sends it in full."""
    text = card_text(card, zone)
    return text, card_markup(card, cut=text != full_card_text(card, zone))


def card_markup(card: Card, *, cut: bool = False) -> InlineKeyboardMarkup | None:
    """Stance buttons while the decision is open; the reasons button whenever there are any;
    the full text when the card is shortened."""
    proposal = card.proposal
    rows = []
    if proposal.state is ProposalState.OPEN:
        rows = [
            [
                stance_button(proposal, StanceKind.AGREE),
                stance_button(proposal, StanceKind.ABSTAIN),
            ],
            [
                stance_button(proposal, StanceKind.DISAGREE),
                stance_button(proposal, StanceKind.BLOCK),
            ],
        ]
    reasons = sum(1 for line in card.stances if line.reason)
    if reasons:
        label = _("Reasons ({n})").format(n=reasons)
        rows.append([InlineKeyboardButton(label, callback_data=REASONS(proposal.number))])
    if cut:
        label = _("Read in full")
        rows.append([InlineKeyboardButton(label, callback_data=FULL_TEXT(proposal.number))])
    return InlineKeyboardMarkup(rows) if rows else None


def stance_button(proposal: Proposal, kind: StanceKind) -> InlineKeyboardButton:
    return InlineKeyboardButton(stance_name(kind), callback_data=STANCE(proposal.number, kind))


def author_buttons(proposal: Proposal) -> list[InlineKeyboardButton]:
    """What the author may do while the proposal is open."""
    return [
        InlineKeyboardButton(_("Amend"), callback_data=AMEND(proposal.number)),
        InlineKeyboardButton(_("Withdraw"), callback_data=WITHDRAW(proposal.number)),
    ]


def card_button(proposal: Proposal) -> InlineKeyboardMarkup:
    """One button that brings the proposal's live card into the private chat."""
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(_("Open the card"), callback_data=CARD(proposal.number))]]
    )


def reasons_text(proposal: Proposal, stances: list[StanceLine]) -> str:
    lines = [_("Reasons on proposal #{number}:").format(number=proposal.id)]
    for line in stances:
        if line.reason:
            lines.append(f"{stance_name(line.kind)} — {line.name}: {line.reason}")
    return "\n".join(lines)


def stance_list(stances: list[StanceLine]) -> str:
    """Everyone's stance, grouped by stance, reasons included (for the posted outcome)."""
    lines = []
    for kind in StanceKind:
        people = [line for line in stances if line.kind is kind]
        if not people:
            continue
        lines.append(f"{stance_name(kind)} ({len(people)}):")
        lines += [
            f"• {line.name}" + (f" — {line.reason}" if line.reason else "") for line in people
        ]
    return "\n".join(lines) if lines else _("Nobody took a stance.")


def closed_text(card: Card) -> str:
    proposal = card.proposal
    lines = [
        _("Decision on proposal #{number} «{title}»: {state}.").format(
            number=proposal.id, title=proposal.title, state=state_name(proposal.state)
        ),
        *tally_lines(card.tally, rules_of(proposal), []),
        "",
        stance_list(card.stances),
    ]
    return "\n".join(lines)
