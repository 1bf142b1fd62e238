"""Meetings: creation, answers with capacity and a waiting list, time polls, notices."""
