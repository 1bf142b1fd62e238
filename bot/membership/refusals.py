"""Why the membership rules say no, as message ids (`Refused(MESSAGE, **values)`).

The questionnaire's reasons for not accepting an answer stand beside its checks in
`bot.membership.questionnaire`."""

from __future__ import annotations

from bot.i18n import N_

# Applying
ALREADY_MEMBER = N_("You are already a member of the community.")
UNDER_REVIEW = N_("Your application is being reviewed. We will write to you here.")

# Reviewing
GONE = N_("The application is gone.")
APPROVED_BY = N_("Already decided: approved by {name}.")
REJECTED_BY = N_("Already decided: rejected by {name}.")
DECIDED = N_("Your application has been decided already.")  # told to the applicant

# The directory
ALREADY_REQUESTED = N_("Your request has already been passed on.")

# Roles
NOBODY = N_("Nobody known to the bot matches {who}. Use @username or a Telegram id.")
OWN_ROLE = N_("You cannot change your own role.")
NOT_YET_A_MEMBER = N_("{name} is not a member yet: applications are decided in the review.")
HIGHEST_ROLE = N_("{name} is already an organiser.")
LOWEST_ROLE = N_("{name} is a member; /revoke ends a membership.")
NOT_A_MEMBER = N_("{name} is not a member.")
NOT_ADMITTED = N_(
    "{name} has not been admitted: membership needs the questionnaire (qualification, "
    "experience, mission, intentions and resources) and consent to the processing of personal "
    "data. Send them your invitation link (/invite), or ask them to /apply."
)
IN_REVIEW = N_(
    "{name} has applied: decide the application in the review (Approve or Reject on its card)."
)
