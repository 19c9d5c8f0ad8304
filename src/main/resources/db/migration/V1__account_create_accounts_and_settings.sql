create table accounts (
    id                   uuid primary key,
    name                 text        not null check (char_length(name) between 1 and 200),
    default_phone_region varchar(2)  not null default 'US',
    created_at           timestamptz not null default now()
);

-- One row per account. Secrets are never stored in plain text: the webhook key only as a SHA-256 hash
-- (plus a short prefix to recognise it), GHL tokens AES-GCM encrypted with a key kept outside the database.
create table ghl_sync_settings (
    user_id                    uuid primary key references accounts (id) on delete cascade,
    location_id                text,
    auth_mode                  text        not null default 'private_token'
        check (auth_mode in ('private_token', 'oauth')),
    access_token_enc           bytea,
    refresh_token_enc          bytea,
    token_key_version          integer,
    token_expires_at           timestamptz,
    broadcast_webhook_key_hash char(64) unique,
    webhook_key_prefix         text,
    webhook_key_created_at     timestamptz,
    sync_enabled               boolean     not null default false,
    sync_status                text        not null default 'ok' check (sync_status in ('ok', 'needs_credentials')),
    custom_field_ids           jsonb       not null default '{}'::jsonb,
    created_at                 timestamptz not null default now(),
    updated_at                 timestamptz not null default now()
);
