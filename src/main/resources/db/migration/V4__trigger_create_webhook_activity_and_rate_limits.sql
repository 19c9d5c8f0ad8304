-- What the seed's "Webhook tab" shows: every trigger request of a known account, failures included.
-- Never holds the webhook key or any token.
create table webhook_activity (
    id           bigint generated always as identity primary key,
    user_id      uuid        not null references accounts (id) on delete cascade,
    action       text,
    http_status  integer     not null,
    result       text        not null,
    phone        text,
    broadcast_id uuid,
    message      text,
    created_at   timestamptz not null default now()
);
create index webhook_activity_by_account on webhook_activity (user_id, created_at desc, id desc);
create index webhook_activity_by_age on webhook_activity (created_at);

-- bucket4j's PostgreSQL proxy manager keeps one row per bucket here (String keys, expiring rows).
create table rate_limit_buckets (
    id            varchar(128) primary key,
    state         bytea,
    expires_at    bigint,
    explicit_lock bigint
);
