"""Refuse a call as Telegram would, before the local Bot API answers it.

For every method in methods.py: unknown parameters, missing required ones, values of the
wrong type, limits (lengths, sizes, counts, ranges), and the same for every object inside
them whose type is in objects.py, plus the keyboard rules of keyboards.py. Methods the bot
does not use are answered without these checks.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from typing import Any, NamedTuple

from bot.localapi import keyboards, refusals
from bot.localapi.methods import METHODS
from bot.localapi.objects import COMPLETE, KINDS, TYPES, VARIANTS
from bot.localapi.records import JSON, bad_request, json_value
from bot.localapi.schema import Field, Limit

_SCALARS = frozenset({"Integer", "Float", "String", "Boolean", "True", "InputFile"})
_INTEGER = re.compile(r"-?\d+")
_FLOAT = re.compile(r"-?\d+(\.\d+)?")
_BOOLEANS = {"true", "false", "1", "0"}
_ABSTRACT_OF = {variant: name for name, variants in VARIANTS.items() for variant in variants}


class Place(NamedTuple):
    """Where a value is: its method or type, its name, what Telegram puts before a problem
    there, and whether it is inside an object (parameters may come form-encoded)."""

    owner: str
    name: str
    prefix: str = ""
    in_object: bool = False


def decode(method: str, params: JSON) -> JSON:
    """Parameters as the server reads them: JSON in strings decoded, except where the
    parameter is a plain value (a text that looks like JSON stays a text)."""
    fields = METHODS.get(method, {})
    return {
        name: value if name in fields and _scalar(fields[name]) else json_value(value)
        for name, value in params.items()
    }


def check_call(method: str, params: JSON, uploads: Collection[str] = ()) -> None:
    """Raise the BotApiError Telegram would answer `method` with, if any."""
    fields = METHODS.get(method)
    if fields is None:
        return
    unknown = [name for name in params if name not in fields]
    if unknown:
        raise refusals.unknown(method, unknown)
    rule = _METHOD_RULES.get(method)
    if rule is not None:
        rule(params)
    for name, field in fields.items():
        value = params.get(name)
        if value is not None:
            check_value(value, field, Place(method, name), uploads)
        elif field.required and not (name in uploads and "InputFile" in field.types):
            raise refusals.missing(method, name, "", in_object=False)


def check_value(value: Any, field: Field, place: Place, uploads: Collection[str] = ()) -> None:
    kind = next((kind for kind in field.types if _accepts(kind, value, place, uploads)), None)
    if kind is None and place.name == "reply_markup":
        raise keyboards.not_markup(value)
    if kind is None:
        raise refusals.wrong_type(
            place.owner, place.name, field.types, place.prefix, in_object=place.in_object
        )
    if kind.startswith("Array of "):
        inner = Field((kind.removeprefix("Array of "),))
        for item in value:
            if inner.types[0].startswith("Array of ") and not isinstance(item, list):
                raise refusals.not_rows(place.owner, place.name)
            check_value(item, inner, place._replace(in_object=True), uploads)
    elif kind not in _SCALARS:
        objects = tuple(name for name in field.types if name not in _SCALARS)
        if place.name == "reply_markup":
            concrete: str | None = keyboards.markup_type(objects, value)
        else:
            concrete = _variant(objects, value, place)
        if concrete is not None:
            check_object(concrete, value, place.prefix, uploads)
    if field.limit is not None:
        _check_limit(value, field.limit, place)


def check_object(type_name: str, value: JSON, prefix: str, uploads: Collection[str]) -> None:
    fields = TYPES.get(type_name)
    if fields is None:
        return  # a type the bot does not send: only checked to be an object
    prefix = prefix or refusals.PREFIX.get(
        type_name, refusals.PREFIX.get(_ABSTRACT_OF.get(type_name, ""), "")
    )
    unknown = [name for name in value if name not in fields]
    if unknown:
        raise refusals.unknown(type_name, unknown)
    for name, field in fields.items():
        if value.get(name) is not None:
            check_value(value[name], field, Place(type_name, name, prefix, True), uploads)
        elif field.required:
            raise refusals.missing(type_name, name, prefix, in_object=True)
    rule = keyboards.RULES.get(type_name)
    if rule is not None:
        rule(value, prefix)


def _variant(candidates: tuple[str, ...], value: JSON, place: Place) -> str | None:
    """The concrete type of an object that may be one of several (an abstract type such as
    BotCommandScope): by its `type` field, or by which one's required fields it has."""
    variants = [variant for name in candidates for variant in VARIANTS.get(name, (name,))]
    if len(variants) == 1:
        return variants[0]
    if any(variant in KINDS for variant in variants):
        if "type" not in value:
            raise refusals.missing(place.owner, "type", _prefix(candidates), in_object=True)
        found = [variant for variant in variants if KINDS.get(variant) == value["type"]]
    else:
        found = [variant for variant in variants if _has_required(variant, value)]
    if found:
        return found[0]
    if all(name in COMPLETE for name in candidates):
        raise bad_request(_prefix(candidates) + "Unsupported type specified")
    return None  # a variant the facts leave out: only checked to be an object


def _has_required(type_name: str, value: JSON) -> bool:
    return all(name in value for name, field in TYPES[type_name].items() if field.required)


def _prefix(candidates: tuple[str, ...]) -> str:
    return next((refusals.PREFIX[name] for name in candidates if name in refusals.PREFIX), "")


def _check_limit(value: Any, limit: Limit, place: Place) -> None:
    size = limit.measure(value)
    if limit.unit == "characters" and limit.low > 0 and size == 0 and str(value):
        raise refusals.blank_text()
    if size < limit.low:
        raise refusals.too_short(place.owner, place.name, limit, size)
    if size > limit.high:
        raise refusals.too_long(place.owner, place.name, limit, size)


def _accepts(kind: str, value: Any, place: Place, uploads: Collection[str]) -> bool:
    """Whether `value` is of the Bot API type `kind`; a parameter (not a field inside an
    object) may also be a number or a boolean written as text, as in a form."""
    text = isinstance(value, str) and not place.in_object
    if kind == "Integer":
        number = isinstance(value, int) and not isinstance(value, bool)
        return number or (text and bool(_INTEGER.fullmatch(value)))
    if kind == "Float":
        number = isinstance(value, int | float) and not isinstance(value, bool)
        return number or (text and bool(_FLOAT.fullmatch(value)))
    if kind in {"Boolean", "True"}:
        return isinstance(value, bool) or (text and value.lower() in _BOOLEANS)
    if kind == "String":
        return isinstance(value, str)
    if kind == "InputFile":
        return isinstance(value, str) and value.removeprefix("attach://") in uploads
    if kind.startswith("Array of "):
        return isinstance(value, list)
    return isinstance(value, dict)


def _scalar(field: Field) -> bool:
    return all(kind in _SCALARS for kind in field.types)


def _edit_target(params: JSON) -> None:
    """chat_id and message_id, unless the message is an inline one."""
    if params.get("inline_message_id") is not None:
        return
    if params.get("chat_id") is None and params.get("message_id") is None:
        raise bad_request("Message identifier is not specified")
    if params.get("message_id") is None:
        raise bad_request("message to edit not found")
    if params.get("chat_id") is None:
        raise bad_request("chat_id is empty")


def _edit_text(params: JSON) -> None:
    if params.get("text") is None and params.get("rich_message") is None:
        raise bad_request("Message text is empty")
    _edit_target(params)


# Requirements api.json states in words ("Required if inline_message_id is not specified").
_METHOD_RULES: dict[str, Callable[[JSON], None]] = {
    "editMessageText": _edit_text,
    "editMessageReplyMarkup": _edit_target,
}
