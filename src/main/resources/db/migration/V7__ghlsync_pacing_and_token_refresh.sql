-- A note POST whose answer was lost (read timeout, reset, 5xx) may still have created the note in GHL. The next try
-- then looks for the note's sync reference among the contact's notes before posting again: never a second note.
alter table ghl_pending_updates add column note_uncertain boolean not null default false;

-- The pace of requests to each GHL location, shared by every instance (GHL counts per app per location). Slots are
-- handed out one interval (window / limit) apart from next_slot_at, so no window of that length ever holds more than
-- the limit; paused_until is set from a 429 or an exhausted X-RateLimit-Remaining and holds every instance back.
create table ghl_location_pacing (
    location_id  text primary key,
    next_slot_at timestamptz not null,
    paused_until timestamptz,
    updated_at   timestamptz not null default now()
);

-- OAuth refresh tokens are single use: one instance refreshes a location at a time (a short lease, so no transaction
-- is held open during the call to GHL), and token_generation tells the others that the tokens have changed.
alter table ghl_sync_settings
    add column token_generation           bigint not null default 0,
    add column token_refresh_locked_by    text,
    add column token_refresh_locked_until timestamptz,
    add column sync_status_message        text;

-- Each worker claims the due updates of one account (one GHL location), oldest due first.
create index ghl_pending_updates_due_by_account on ghl_pending_updates (user_id, next_attempt_at) where status = 'pending';

-- Recording a step changes no indexed column: with room left in each page PostgreSQL updates the row in place (HOT).
alter table ghl_pending_updates set (fillfactor = 80);
