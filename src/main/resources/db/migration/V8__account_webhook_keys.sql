-- Webhook keys belong to the account module (authentication), not to the GHL sync's settings: they move to a table of
-- their own. A row is a key (its hash is the primary key, what the trigger looks up); one key per account for now.
create table webhook_keys (
    key_hash   char(64)    primary key,
    user_id    uuid        not null unique references accounts (id) on delete cascade,
    key_prefix text        not null,
    created_at timestamptz not null default now()
);

insert into webhook_keys (key_hash, user_id, key_prefix, created_at)
select broadcast_webhook_key_hash, user_id, coalesce(webhook_key_prefix, 'wh_'), coalesce(webhook_key_created_at, updated_at)
  from ghl_sync_settings
 where broadcast_webhook_key_hash is not null;

alter table ghl_sync_settings
    drop column broadcast_webhook_key_hash,
    drop column webhook_key_prefix,
    drop column webhook_key_created_at;
