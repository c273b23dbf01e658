"""Slack: a customer channel (DMs and mentions) and the staff desk's board.

`adapters.slack.app.SlackAdapter` is the runner; `translate` and `cards` are pure.
"""
