from core.store.base import Conversation, Store, StoredMessage, TurnRecord  # noqa: F401
