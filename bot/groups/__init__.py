"""Working groups: groups and their members, chats, tasks, and the elections of their
coordinators (`bot.groups.elections`)."""

from bot.groups.directory import *  # noqa: F403  (the names of the former bot/groups.py)
