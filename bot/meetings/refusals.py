"""Why the meetings rules say no: message ids, translated where they are shown."""

from __future__ import annotations

from bot.i18n import N_

GONE = N_("This meeting no longer exists.")
NOT_YOURS = N_("There is no such meeting for you.")
ORGANISER_ONLY = N_("Only the meeting's organiser can change it.")
CANCELLED = N_("This meeting has been cancelled.")
NOT_FIXED = N_("The time of this meeting is not fixed yet.")
STARTED = N_("This meeting has already started.")
OVER = N_("This meeting is already over.")
REGISTRATION_CLOSED = N_("Registration for this meeting is closed.")
PAST = N_("The new time is in the past.")
SAME_TIME = N_("The meeting is at this time already.")
POLL_CLOSED = N_("This poll is closed.")
NOT_A_CANDIDATE = N_("This time is not one of the meeting's candidates.")
ATTENDEES_ONLY = N_("Only people who attended can rate the meeting.")
NOT_YET = N_("The meeting has not taken place yet.")
RATING_RANGE = N_("Choose a rating from 1 to 5.")
FILE_OR_LINK = N_("Send a file (as a document) or a link.")
NO_GROUPS = N_("Coordinators create meetings for their working groups; you coordinate none yet.")
