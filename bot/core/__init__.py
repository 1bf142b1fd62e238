"""What every feature shares: people and their roles, refusals, the callback-data codec,
the audit log, small stored values and the command catalogue."""
