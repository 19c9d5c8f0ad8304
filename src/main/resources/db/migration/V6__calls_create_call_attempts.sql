-- Where a contact whose number maps to no time zone is assumed to be (calling window).
alter table accounts add column default_time_zone text not null default 'America/New_York';

-- The voice engine's claim on an item: while status = 'calling', the instance that dials it and until when the claim
-- holds. An expired claim (a crashed instance) is taken back by the rescuer.
alter table broadcast_queue
    add column locked_by          text,
    add column locked_until       timestamptz,
    add column dtmf_pressed       text,
    add column callback_requested boolean not null default false,
    add column callback_time      timestamptz;
create index broadcast_queue_due_by_broadcast on broadcast_queue (broadcast_id, next_attempt_at, seq)
    where status in ('pending', 'retry');
create index broadcast_queue_leased on broadcast_queue (locked_until) where status = 'calling';

-- Final outcomes of items per broadcast (an item counts once, under its final outcome), kept beside the status counts.
alter table broadcast_queue_stats
    add column outcome_answered  bigint not null default 0,
    add column outcome_voicemail bigint not null default 0,
    add column outcome_no_answer bigint not null default 0,
    add column outcome_busy      bigint not null default 0,
    add column outcome_failed    bigint not null default 0;

-- One row per call (the provider's call id is unique): reports of the same call, in any order and any number of
-- times, update this row and never make a second one.
create table call_attempts (
    id               uuid primary key,
    queue_item_id    uuid        not null references broadcast_queue (id) on delete cascade,
    broadcast_id     uuid        not null references voice_broadcasts (id) on delete cascade,
    user_id          uuid        not null references accounts (id) on delete cascade,
    provider         text        not null,
    provider_call_id text        not null unique,
    -- the furthest call status reported so far (queued < initiated < ringing < in_progress < a final one)
    status           text        not null
        check (status in ('queued', 'initiated', 'ringing', 'in_progress', 'completed', 'busy', 'no_answer', 'failed',
                          'canceled')),
    answered_by      text,
    duration_seconds integer check (duration_seconds >= 0),
    dtmf             text,
    -- set once, when the call's final status is recorded
    outcome          text check (outcome in ('answered', 'voicemail', 'no_answer', 'busy', 'failed')),
    -- the item's attempt number this call was, when it was recorded as the item's outcome
    attempt_number   integer,
    started_at       timestamptz not null default now(),
    ended_at         timestamptz,
    raw_event        jsonb,
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now()
);
create index call_attempts_by_broadcast on call_attempts (broadcast_id, created_at desc, id);
create index call_attempts_by_item on call_attempts (queue_item_id);
