"""An expert with two consultations open at once: a reply picks the consultation, anything
else is asked about (never guessed), and the sender is told where each message went."""

from __future__ import annotations

from bot.localapi import LocalTelegram
from handlers.consultations.buttons import WRITE_TO
from tests.support.consultations import ask, member


async def test_an_expert_with_two_askers_reaches_each_of_them(telegram: LocalTelegram) -> None:
    anna = await member(telegram, 1, "Anna")
    boris = await member(telegram, 2, "Boris")
    eva = await member(telegram, 5, "Eva", ("legal",))
    await ask(anna, "Can volunteers sign contracts?")
    await eva.press("Accept")
    await ask(boris, "How do we open a bank account?", show_name=True)
    await eva.press("Accept")

    await anna.send("We have 12 volunteers.")
    from_anna = eva.last
    assert from_anna.text == "#1 · the asker:\nWe have 12 volunteers."
    await boris.send("We are not registered yet.")
    from_boris = eva.last
    assert from_boris.text == "#2 · Boris (asker):\nWe are not registered yet."

    # A reply to a relayed message goes to its consultation, and she is told where.
    await eva.send("A civil contract works.", reply_to=from_anna)
    assert anna.last.text == "#1 · expert Eva:\nA civil contract works."
    assert eva.last.text == "Sent to consultation #1."
    await eva.send("Then register first.", reply_to=from_boris)
    assert boris.last.text == "#2 · expert Eva:\nThen register first."
    assert eva.last.text == "Sent to consultation #2."

    # Typed without a reply: the one she wrote in last (#2) is not guessed; she is asked.
    anna_seen, boris_seen = len(anna.messages), len(boris.messages)
    await eva.send("Send me your charter, please.")
    which_charter = eva.last
    assert which_charter.text == "Which consultation is this message for?"
    assert which_charter.buttons == [
        ["#1: Can volunteers sign contracts?"],
        ["#2 · Boris: How do we open a bank account?"],  # Boris allowed his name
    ]
    await anna.send("Thank you!")  # the asker writes meanwhile
    assert eva.last.text == "#1 · the asker:\nThank you!"
    await eva.send("And the minutes of the meeting.")  # a second message, asked about too
    which_minutes = eva.last
    assert which_minutes.text == "Which consultation is this message for?"
    assert (len(anna.messages), len(boris.messages)) == (anna_seen, boris_seen)

    await eva.press("#2", which_minutes)
    assert boris.last.text == "#2 · expert Eva:\nAnd the minutes of the meeting."
    assert eva.messages[-1].text == "Sent to consultation #2."  # the question, edited
    assert eva.messages[-1].message_id == which_minutes.message_id
    await eva.press("#1", which_charter)
    assert anna.last.text == "#1 · expert Eva:\nSend me your charter, please."
    assert next(m for m in eva.messages if m.message_id == which_charter.message_id).text == (
        "Sent to consultation #1."
    )
    assert (len(anna.messages), len(boris.messages)) == (anna_seen + 1, boris_seen + 1)

    # The askers have one consultation each: their messages go straight, no notes.
    await boris.send("Here is the charter.")
    assert eva.last.text == "#2 · Boris (asker):\nHere is the charter."
    assert boris.last.text == "#2 · expert Eva:\nAnd the minutes of the meeting."

    # Someone else's "which consultation" button is refused; nothing is passed on.
    await boris.press_data(WRITE_TO(1), boris.last)
    assert boris.last_answer == "This button is no longer active."
    assert anna.last.text == "#1 · expert Eva:\nSend me your charter, please."

    # "Write to #1" from /consultations: a message to reply to, which then goes to #1.
    await eva.send("/consultations")
    await eva.press("Write to #1")
    prompt = eva.last
    assert prompt.text == "Write your message for consultation #1 as a reply to this one."
    await eva.send("Your contracts are fine.", reply_to=prompt)
    assert anna.last.text == "#1 · expert Eva:\nYour contracts are fine."
    assert eva.last.text == "Sent to consultation #1."
    await eva.send("One more thought.")  # the button chose one message, not the next ones
    assert eva.last.text == "Which consultation is this message for?"
    assert anna.last.text == "#1 · expert Eva:\nYour contracts are fine."
