"""The PostgreSQL schema, as numbered migrations (table csbot_schema), run on start under an
advisory lock so workers starting together apply each one once. Same tables as SQLite's, plus
what several workers share: outbox leases, named leases (pollers, conversation locks), secrets."""

MIGRATION_LOCK = 7_316_001  # pg_advisory_lock key: "csbot migrations"

PG_MIGRATIONS: tuple[str, ...] = (
    # 1: the first schema
    """
    CREATE TABLE conversations (
        id text PRIMARY KEY,
        address_key text NOT NULL UNIQUE,
        channel text NOT NULL,
        chat_id text NOT NULL,
        thread text,
        user_name text NOT NULL DEFAULT '',
        state text NOT NULL DEFAULT 'bot',
        escalation_id text,
        message_count integer NOT NULL DEFAULT 0,  -- kept by each turn: no count(*) per load
        created_at double precision NOT NULL,
        updated_at double precision NOT NULL
    );
    CREATE INDEX conversations_by_update ON conversations(updated_at);
    CREATE TABLE messages (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        conversation_id text NOT NULL REFERENCES conversations(id),
        role text NOT NULL,
        voice text NOT NULL DEFAULT '',
        text text NOT NULL,
        author text NOT NULL DEFAULT '',
        created_at double precision NOT NULL
    );
    CREATE INDEX messages_by_conversation ON messages(conversation_id, id);
    CREATE TABLE steps (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        conversation_id text NOT NULL,
        model_output text NOT NULL,
        shell_output text NOT NULL,
        prompt_tokens integer NOT NULL DEFAULT 0,
        created_at double precision NOT NULL
    );
    CREATE INDEX steps_by_conversation ON steps(conversation_id, id);
    CREATE TABLE program_runs (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        conversation_id text NOT NULL,
        program text NOT NULL,
        args text NOT NULL,
        status text NOT NULL,
        output text NOT NULL,
        created_at double precision NOT NULL
    );
    CREATE TABLE escalations (
        id text PRIMARY KEY,
        conversation_id text NOT NULL,
        reason text NOT NULL,
        state text NOT NULL,
        customer_channel text NOT NULL,
        customer_chat text NOT NULL,
        customer_thread text,
        customer_name text NOT NULL DEFAULT '',
        summary text NOT NULL DEFAULT '',
        details text NOT NULL DEFAULT '{}',
        program text,
        program_args text NOT NULL DEFAULT '{}',
        assignee text NOT NULL DEFAULT '',
        desk_ref text NOT NULL DEFAULT '{}',
        note text NOT NULL DEFAULT '',
        created_at double precision NOT NULL,
        updated_at double precision NOT NULL
    );
    CREATE TABLE escalation_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        escalation_id text NOT NULL,
        state text NOT NULL,
        actor text NOT NULL DEFAULT '',
        note text NOT NULL DEFAULT '',
        created_at double precision NOT NULL
    );
    CREATE INDEX escalation_events_by_escalation ON escalation_events(escalation_id, id);
    CREATE TABLE processed_events (
        source text NOT NULL,
        event_id text NOT NULL,
        created_at double precision NOT NULL,
        PRIMARY KEY (source, event_id)
    );
    CREATE TABLE outbox (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        channel text NOT NULL,
        payload text NOT NULL,
        status text NOT NULL DEFAULT 'pending',
        attempts integer NOT NULL DEFAULT 0,
        error text NOT NULL DEFAULT '',
        lease_holder text,
        lease_until double precision,
        created_at double precision NOT NULL,
        updated_at double precision NOT NULL
    );
    CREATE INDEX outbox_pending ON outbox(id) WHERE status = 'pending';
    -- UNLOGGED: no WAL, so taking a lease costs no disk write. After a server crash the table is
    -- empty, which frees every lease: right, since the holders' connections died with it.
    CREATE UNLOGGED TABLE leases (
        name text PRIMARY KEY,
        holder text NOT NULL,
        expires_at double precision NOT NULL,
        waiters boolean NOT NULL DEFAULT false  -- someone failed to take it: notify on release
    ) WITH (fillfactor = 50);  -- room on each page: taking and releasing a lease updates in place
    CREATE TABLE shared_secrets (
        name text PRIMARY KEY,
        value text NOT NULL,
        created_at double precision NOT NULL
    );
    """,
)

PG_MIGRATIONS += (
    # the owner's figures (core/metrics), as in SQLite's schema
    """
    ALTER TABLE messages ADD COLUMN topic text NOT NULL DEFAULT '';
    ALTER TABLE messages ADD COLUMN score double precision;
    ALTER TABLE messages ADD COLUMN abstained boolean NOT NULL DEFAULT false;
    ALTER TABLE messages ADD COLUMN ref text NOT NULL DEFAULT '';
    CREATE INDEX messages_by_ref ON messages(ref) WHERE ref <> '';
    ALTER TABLE conversations ADD COLUMN language text NOT NULL DEFAULT '';
    CREATE INDEX messages_by_time ON messages(role, created_at, conversation_id);
    CREATE INDEX conversations_by_time ON conversations(created_at);
    -- the answers the owner's list of unanswered questions reads (core/metrics/queries.py: weak)
    CREATE INDEX messages_weak ON messages(created_at) WHERE role = 'bot' AND (abstained OR score < 0.5);
    CREATE INDEX escalations_by_time ON escalations(created_at);
    CREATE INDEX escalations_by_conversation ON escalations(conversation_id);
    CREATE TABLE ratings (
        subject text PRIMARY KEY,
        conversation_id text NOT NULL,
        kind text NOT NULL,
        value text NOT NULL,
        created_at double precision NOT NULL,
        updated_at double precision NOT NULL
    );
    CREATE INDEX ratings_by_time ON ratings(created_at);
    CREATE INDEX ratings_by_conversation ON ratings(conversation_id);
    """,
)

PG_MIGRATIONS += (
    # outbox: a platform's "retry after" (no claim before then); pruning finished rows and old
    # event ids by time
    """
    ALTER TABLE outbox ADD COLUMN not_before double precision NOT NULL DEFAULT 0;
    CREATE INDEX outbox_finished ON outbox(updated_at) WHERE status <> 'pending';
    CREATE INDEX processed_events_by_time ON processed_events(created_at);
    """,
)

PG_MIGRATIONS += (
    # the shop's orders (core/shop/orders/book.py), as in SQLite's schema
    """
    CREATE TABLE order_changes (
        id bigserial PRIMARY KEY,
        source text NOT NULL,
        order_id text NOT NULL,
        kind text NOT NULL,
        data text NOT NULL,
        created_at double precision NOT NULL
    );
    CREATE INDEX order_changes_by_order ON order_changes(source, order_id, id);
    CREATE TABLE refund_intents (
        key text PRIMARY KEY,
        order_id text NOT NULL,
        amount text NOT NULL,
        reason text NOT NULL DEFAULT '',
        state text NOT NULL DEFAULT 'pending',
        refund_id text NOT NULL DEFAULT '',
        note text NOT NULL DEFAULT '',
        created_at double precision NOT NULL,
        updated_at double precision NOT NULL
    );
    CREATE TABLE order_attempts (
        id bigserial PRIMARY KEY,
        conversation_id text NOT NULL,
        customer text NOT NULL,
        order_id text NOT NULL,
        ok boolean NOT NULL,
        created_at double precision NOT NULL
    );
    CREATE INDEX order_attempts_by_time ON order_attempts(created_at);
    """,
)

PG_MIGRATIONS += (
    # who held a lease before its last taking: a turn that takes its conversation's lease with its
    # first read trusts that read only when nobody else held the conversation in between
    # (postgres.py, TAKE_AND_LOAD); leases are PostgreSQL's alone, SQLite keeps them in memory
    """
    ALTER TABLE leases ADD COLUMN taken_from text;
    """,
)

PG_MIGRATIONS += (
    # as in SQLite's schema: messages are indexed by time for the customers' alone, whose rows the
    # owner's figures read by time (core/metrics/queries.py: activity, daily), one index page less
    # a turn (role stays in it so that the figures read the index alone, as before)
    """
    DROP INDEX messages_by_time;
    CREATE INDEX messages_by_time ON messages(created_at, conversation_id, role) WHERE role = 'customer';
    """,
)

PG_MIGRATIONS += (
    # one index page less per delivered reply: finished outbox rows are pruned by a range of ids
    # (ids grow with created_at, and a row is finished after it is created: core/store/retention.py),
    # not found by time through an index that every delivery wrote
    """
    DROP INDEX outbox_finished;
    """,
)
