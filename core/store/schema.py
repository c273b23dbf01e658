"""The SQLite schema, as numbered migrations applied in order (PRAGMA user_version)."""

MIGRATIONS: tuple[str, ...] = (
    # 1: the first schema
    """
    CREATE TABLE conversations (
        id TEXT PRIMARY KEY,
        address_key TEXT NOT NULL UNIQUE,
        channel TEXT NOT NULL,
        chat_id TEXT NOT NULL,
        thread TEXT,
        user_name TEXT NOT NULL DEFAULT '',
        state TEXT NOT NULL DEFAULT 'bot',
        escalation_id TEXT,
        created_at REAL NOT NULL,
        updated_at REAL NOT NULL
    );
    CREATE TABLE messages (
        id INTEGER PRIMARY KEY,
        conversation_id TEXT NOT NULL REFERENCES conversations(id),
        role TEXT NOT NULL,
        voice TEXT NOT NULL DEFAULT '',
        text TEXT NOT NULL,
        author TEXT NOT NULL DEFAULT '',
        created_at REAL NOT NULL
    );
    CREATE INDEX messages_by_conversation ON messages(conversation_id, id);
    CREATE TABLE steps (
        id INTEGER PRIMARY KEY,
        conversation_id TEXT NOT NULL,
        model_output TEXT NOT NULL,
        shell_output TEXT NOT NULL,
        prompt_tokens INTEGER NOT NULL DEFAULT 0,
        created_at REAL NOT NULL
    );
    CREATE TABLE program_runs (
        id INTEGER PRIMARY KEY,
        conversation_id TEXT NOT NULL,
        program TEXT NOT NULL,
        args TEXT NOT NULL,
        status TEXT NOT NULL,
        output TEXT NOT NULL,
        created_at REAL NOT NULL
    );
    CREATE TABLE escalations (
        id TEXT PRIMARY KEY,
        conversation_id TEXT NOT NULL,
        reason TEXT NOT NULL,
        state TEXT NOT NULL,
        customer_channel TEXT NOT NULL,
        customer_chat TEXT NOT NULL,
        customer_thread TEXT,
        customer_name TEXT NOT NULL DEFAULT '',
        summary TEXT NOT NULL DEFAULT '',
        details TEXT NOT NULL DEFAULT '{}',
        program TEXT,
        program_args TEXT NOT NULL DEFAULT '{}',
        assignee TEXT NOT NULL DEFAULT '',
        desk_ref TEXT NOT NULL DEFAULT '{}',
        note TEXT NOT NULL DEFAULT '',
        created_at REAL NOT NULL,
        updated_at REAL NOT NULL
    );
    CREATE TABLE escalation_events (
        id INTEGER PRIMARY KEY,
        escalation_id TEXT NOT NULL,
        state TEXT NOT NULL,
        actor TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',
        created_at REAL NOT NULL
    );
    CREATE TABLE processed_events (
        source TEXT NOT NULL,
        event_id TEXT NOT NULL,
        created_at REAL NOT NULL,
        PRIMARY KEY (source, event_id)
    ) WITHOUT ROWID;
    CREATE TABLE outbox (
        id INTEGER PRIMARY KEY,
        channel TEXT NOT NULL,
        payload TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending',
        attempts INTEGER NOT NULL DEFAULT 0,
        error TEXT NOT NULL DEFAULT '',
        created_at REAL NOT NULL,
        updated_at REAL NOT NULL
    );
    CREATE INDEX outbox_pending ON outbox(status) WHERE status = 'pending';
    """,
)

MIGRATIONS += (
    # 2: secrets shared by every process on this database (web session signing key)
    """
    CREATE TABLE shared_secrets (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        created_at REAL NOT NULL
    );
    """,
)

MIGRATIONS += (
    # the owner's figures (core/metrics): what each reply answered and how sure, the customers'
    # ratings, the conversation's language, and the indexes the figures read by time
    """
    ALTER TABLE messages ADD COLUMN topic TEXT NOT NULL DEFAULT '';
    ALTER TABLE messages ADD COLUMN score REAL;
    ALTER TABLE messages ADD COLUMN abstained INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE messages ADD COLUMN ref TEXT NOT NULL DEFAULT '';
    CREATE INDEX messages_by_ref ON messages(ref) WHERE ref <> '';
    ALTER TABLE conversations ADD COLUMN language TEXT NOT NULL DEFAULT '';
    CREATE INDEX messages_by_time ON messages(role, created_at, conversation_id);
    CREATE INDEX conversations_by_time ON conversations(created_at);
    -- the answers the owner's list of unanswered questions reads (core/metrics/queries.py: weak)
    CREATE INDEX messages_weak ON messages(created_at) WHERE role = 'bot' AND (abstained = 1 OR score < 0.5);
    CREATE INDEX escalations_by_time ON escalations(created_at);
    CREATE INDEX escalations_by_conversation ON escalations(conversation_id);
    CREATE INDEX escalation_events_by_escalation ON escalation_events(escalation_id, id);
    CREATE TABLE ratings (
        subject TEXT PRIMARY KEY,           -- 'answer:<message ref>' or 'handoff:<escalation id>'
        conversation_id TEXT NOT NULL,
        kind TEXT NOT NULL,                 -- 'answer' or 'handoff'
        value TEXT NOT NULL,                -- 'good' or 'bad'; changeable, one row per subject
        created_at REAL NOT NULL,
        updated_at REAL NOT NULL
    );
    CREATE INDEX ratings_by_time ON ratings(created_at);
    CREATE INDEX ratings_by_conversation ON ratings(conversation_id);
    """,
)

MIGRATIONS += (
    # outbox: a platform's "retry after" (no claim before then); pruning finished rows and old
    # event ids by time
    """
    ALTER TABLE outbox ADD COLUMN not_before REAL NOT NULL DEFAULT 0;
    CREATE INDEX outbox_finished ON outbox(updated_at) WHERE status <> 'pending';
    CREATE INDEX processed_events_by_time ON processed_events(created_at);
    """,
)

MIGRATIONS += (
    # the shop's orders (core/shop/orders/book.py): the bot's changes to the pack's own orders,
    # refund intents written before money moves, and order verification attempts
    """
    CREATE TABLE order_changes (
        id INTEGER PRIMARY KEY,
        source TEXT NOT NULL,               -- the pack whose orders.csv the change applies to
        order_id TEXT NOT NULL,
        kind TEXT NOT NULL,                 -- status, address, refund, note
        data TEXT NOT NULL,                 -- JSON
        created_at REAL NOT NULL
    );
    CREATE INDEX order_changes_by_order ON order_changes(source, order_id, id);
    CREATE TABLE refund_intents (
        key TEXT PRIMARY KEY,               -- one approved request (the escalation id)
        order_id TEXT NOT NULL,
        amount TEXT NOT NULL,
        reason TEXT NOT NULL DEFAULT '',
        state TEXT NOT NULL DEFAULT 'pending',
        refund_id TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',
        created_at REAL NOT NULL,
        updated_at REAL NOT NULL
    );
    CREATE TABLE order_attempts (
        id INTEGER PRIMARY KEY,
        conversation_id TEXT NOT NULL,
        customer TEXT NOT NULL,
        order_id TEXT NOT NULL,
        ok INTEGER NOT NULL,
        created_at REAL NOT NULL
    );
    CREATE INDEX order_attempts_by_time ON order_attempts(created_at);
    """,
)

MIGRATIONS += (
    # one index page less per turn: the owner's figures read messages by time for the customers'
    # alone (core/metrics/queries.py: activity, daily, with role = 'customer'), so only their rows
    # are indexed by time; a reply, a step's note or staff's message no longer writes this index
    # (role stays in it so that the figures read the index alone, as before)
    """
    DROP INDEX messages_by_time;
    CREATE INDEX messages_by_time ON messages(created_at, conversation_id, role) WHERE role = 'customer';
    """,
)

MIGRATIONS += (
    # one index page less per delivered reply: finished outbox rows are pruned by a range of ids
    # (ids grow with created_at, and a row is finished after it is created: core/store/retention.py),
    # not found by time through an index that every delivery wrote
    """
    DROP INDEX outbox_finished;
    """,
)
