-- The outbox of call outcomes to write to GHL: the seed's columns, plus one row per queue item, per-step progress
-- (a retry never repeats a step that succeeded: no second note), and a lease for claiming across instances.
create table ghl_pending_updates (
    id                    uuid primary key,
    user_id               uuid        not null references accounts (id) on delete cascade,
    queue_item_id         uuid        not null unique references broadcast_queue (id) on delete cascade,
    ghl_contact_id        text        not null,
    broadcast_id          uuid        not null references voice_broadcasts (id) on delete cascade,
    broadcast_name        text        not null,
    call_outcome          text        not null check (call_outcome in ('answered', 'voicemail', 'no_answer', 'busy', 'failed')),
    call_duration_seconds integer,
    call_timestamp        timestamptz not null,
    dtmf_pressed          text,
    callback_requested    boolean     not null default false,
    callback_time         timestamptz,
    status                text        not null default 'pending'
        check (status in ('pending', 'processing', 'sent', 'failed')),
    retry_count           integer     not null default 0,
    error_message         text,
    last_http_status      integer,
    tags_done             boolean     not null default false,
    fields_done           boolean     not null default false,
    note_done             boolean     not null default false,
    next_attempt_at       timestamptz not null default now(),
    locked_by             text,
    locked_until          timestamptz,
    sent_at               timestamptz,
    created_at            timestamptz not null default now(),
    updated_at            timestamptz not null default now()
);
create index ghl_pending_updates_due on ghl_pending_updates (next_attempt_at) where status = 'pending';
create index ghl_pending_updates_leased on ghl_pending_updates (locked_until) where status = 'processing';
create index ghl_pending_updates_by_broadcast on ghl_pending_updates (broadcast_id, status);
create index ghl_pending_updates_by_account on ghl_pending_updates (user_id, status, created_at);
