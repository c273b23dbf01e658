"""What each figure means; README "The owner's figures" says the same in words."""

# A conversation is over when it has been quiet this long: then it counts as resolved by the bot
# (no handoff, no thumbs down, last answer not "I don't know") or as unresolved.
QUIET_HOURS = 24.0

# An offline answer scored below this is listed among the questions the bot could not answer,
# even though it was sent (the answerer's own abstention threshold is higher up the pipeline).
LOW_SCORE = 0.5

# A request for a person this soon after a bot answer says the answer did not help.
PERSON_AFTER_ANSWER_SECONDS = 600.0

HANDOFF_REASONS = ("refund", "health", "human", "safety", "failure")
# How a handoff ends: the escalation's states after which the bot has the conversation again.
HANDOFF_ENDS = ("approved", "denied", "returned", "withdrawn")
