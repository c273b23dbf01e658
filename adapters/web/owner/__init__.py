"""The owner's page: figures, unanswered questions, conversations and escalations, behind a password."""
from adapters.web.owner.app import PATH, OwnerPage, mount

__all__ = ["PATH", "OwnerPage", "mount"]
