"""States of the decisions dialogue (one per person: a new question replaces an older one)."""

KIND, TITLE, DESCRIPTION, ITEM, RESPONSIBLE, DUE, CONFIRM = range(7)
REASON, AMEND, RETURN_COMMENT, OUTCOME, REVIEW_DATE = range(7, 12)
BODY = 12  # for which body: asked when the proposer belongs to a working group
CHANGE, CHANGE_TEXT, CHANGE_DUE, CHANGE_STATUS = range(13, 17)  # what a change changes
