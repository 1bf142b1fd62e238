"""What every handler package uses: `setup` declares commands and buttons with their role
guard, `replies` answers people (refusals translated in one place), `incoming` filters new
messages from edits."""
