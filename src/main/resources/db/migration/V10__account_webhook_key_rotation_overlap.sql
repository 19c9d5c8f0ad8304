-- Issue 13: a new webhook key no longer breaks every GHL workflow at once. The key it replaces stays valid until
-- expires_at (app.trigger.key-rotation-overlap): an account has one current key (expires_at null) and at most one
-- previous key (expires_at set) at a time.
alter table webhook_keys drop constraint webhook_keys_user_id_key;
alter table webhook_keys add column expires_at timestamptz;
create unique index webhook_keys_one_current on webhook_keys (user_id) where expires_at is null;
create unique index webhook_keys_one_previous on webhook_keys (user_id) where expires_at is not null;

-- Which key a trigger request used (owned by trigger): its visible prefix, and whether it was the account's current
-- or previous key, so an operator can see which workflows still send the old one before it expires.
alter table webhook_activity add column key_prefix text;
alter table webhook_activity add column key_used text check (key_used in ('current', 'previous'));
