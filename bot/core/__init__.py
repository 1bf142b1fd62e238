"""What every feature shares: people and their roles, refusals, the callback-data codec,
the audit log, small stored values, the areas of expertise and the regions."""
