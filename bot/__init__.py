"""Telegram bot of a professional community of organisers of volunteer social services."""
