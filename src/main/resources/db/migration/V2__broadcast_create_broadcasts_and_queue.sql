create table voice_broadcasts (
    id                     uuid primary key,
    user_id                uuid        not null references accounts (id) on delete cascade,
    name                   text        not null check (char_length(name) between 1 and 200),
    status                 text        not null default 'draft'
        check (status in ('draft', 'active', 'paused', 'completed', 'cancelled')),
    message                text,
    max_attempts           integer     not null default 3 check (max_attempts between 1 and 10),
    retry_delay_minutes    integer     not null default 30 check (retry_delay_minutes between 1 and 10080),
    calling_window_start   time        not null default '09:00',
    calling_window_end     time        not null default '20:00',
    auto_complete          boolean     not null default false,
    max_concurrent_calls   integer     not null default 5 check (max_concurrent_calls between 1 and 500),
    calls_per_minute       integer     not null default 60 check (calls_per_minute between 1 and 6000),
    callback_delay_minutes integer     not null default 60 check (callback_delay_minutes between 0 and 43200),
    dtmf_actions           jsonb       not null default '{"1": "callback_requested", "9": "opt_out"}'::jsonb,
    created_at             timestamptz not null default now(),
    updated_at             timestamptz not null default now(),
    completed_at           timestamptz
);
create index voice_broadcasts_by_account on voice_broadcasts (user_id, created_at desc);

create table broadcast_queue (
    id                  uuid primary key,
    broadcast_id        uuid        not null references voice_broadcasts (id) on delete cascade,
    user_id             uuid        not null references accounts (id) on delete cascade,
    -- per-broadcast arrival number, assigned by a trigger; the first-attempt dialling order
    seq                 bigint      not null,
    phone               varchar(16) not null,
    name                text,
    email               text,
    ghl_contact_id      text,
    status              text        not null default 'pending'
        check (status in ('pending', 'calling', 'retry', 'completed', 'failed', 'dnc', 'cancelled')),
    attempts            integer     not null default 0,
    next_attempt_at     timestamptz not null default now(),
    last_outcome        text,
    ghl_callback_status text        not null default 'pending'
        check (ghl_callback_status in ('pending', 'queued', 'sent', 'skipped', 'failed')),
    created_at          timestamptz not null default now(),
    updated_at          timestamptz not null default now(),
    -- the seed's "skips duplicate phone numbers in the same broadcast"; also makes GHL re-deliveries harmless
    constraint broadcast_queue_phone_once unique (broadcast_id, phone)
);
create index broadcast_queue_by_status on broadcast_queue (broadcast_id, status, seq);
create index broadcast_queue_by_phone on broadcast_queue (user_id, phone);
create index broadcast_queue_due on broadcast_queue (next_attempt_at, seq) where status in ('pending', 'retry');

-- Counts per status, kept by triggers so that positions and list counts cost O(1) whatever the queue size.
create table broadcast_queue_stats (
    broadcast_id uuid primary key references voice_broadcasts (id) on delete cascade,
    enqueued     bigint not null default 0,
    pending      bigint not null default 0,
    calling      bigint not null default 0,
    retry        bigint not null default 0,
    completed    bigint not null default 0,
    failed       bigint not null default 0,
    dnc          bigint not null default 0,
    cancelled    bigint not null default 0
);

create function voice_broadcasts_create_stats() returns trigger language plpgsql as $$
begin
    insert into broadcast_queue_stats (broadcast_id) values (new.id);
    return null;
end $$;
create trigger voice_broadcasts_create_stats after insert on voice_broadcasts
    for each row execute function voice_broadcasts_create_stats();

-- Row lock on the stats row serialises inserts of one broadcast, which is what makes seq gap-free.
-- Inserts must therefore not use ON CONFLICT DO NOTHING: a skipped row would still have counted.
create function broadcast_queue_count_insert() returns trigger language plpgsql as $$
begin
    update broadcast_queue_stats
       set enqueued  = enqueued + 1,
           pending   = pending   + (new.status = 'pending')::int,
           calling   = calling   + (new.status = 'calling')::int,
           retry     = retry     + (new.status = 'retry')::int,
           completed = completed + (new.status = 'completed')::int,
           failed    = failed    + (new.status = 'failed')::int,
           dnc       = dnc       + (new.status = 'dnc')::int,
           cancelled = cancelled + (new.status = 'cancelled')::int
     where broadcast_id = new.broadcast_id
    returning enqueued into new.seq;
    if new.seq is null then
        raise exception 'no stats row for broadcast %', new.broadcast_id;
    end if;
    return new;
end $$;
create trigger broadcast_queue_count_insert before insert on broadcast_queue
    for each row execute function broadcast_queue_count_insert();

create function broadcast_queue_count_update() returns trigger language plpgsql as $$
begin
    update broadcast_queue_stats s
       set pending   = s.pending   + d.pending,
           calling   = s.calling   + d.calling,
           retry     = s.retry     + d.retry,
           completed = s.completed + d.completed,
           failed    = s.failed    + d.failed,
           dnc       = s.dnc       + d.dnc,
           cancelled = s.cancelled + d.cancelled
      from (select n.broadcast_id,
                   sum((n.status = 'pending')::int   - (o.status = 'pending')::int)   as pending,
                   sum((n.status = 'calling')::int   - (o.status = 'calling')::int)   as calling,
                   sum((n.status = 'retry')::int     - (o.status = 'retry')::int)     as retry,
                   sum((n.status = 'completed')::int - (o.status = 'completed')::int) as completed,
                   sum((n.status = 'failed')::int    - (o.status = 'failed')::int)    as failed,
                   sum((n.status = 'dnc')::int       - (o.status = 'dnc')::int)       as dnc,
                   sum((n.status = 'cancelled')::int - (o.status = 'cancelled')::int) as cancelled
              from new_rows n join old_rows o on o.id = n.id
             where n.status <> o.status
             group by n.broadcast_id) d
     where s.broadcast_id = d.broadcast_id;
    return null;
end $$;
create trigger broadcast_queue_count_update after update on broadcast_queue
    referencing old table as old_rows new table as new_rows
    for each statement execute function broadcast_queue_count_update();

create function broadcast_queue_count_delete() returns trigger language plpgsql as $$
begin
    update broadcast_queue_stats s
       set pending   = s.pending   - d.pending,
           calling   = s.calling   - d.calling,
           retry     = s.retry     - d.retry,
           completed = s.completed - d.completed,
           failed    = s.failed    - d.failed,
           dnc       = s.dnc       - d.dnc,
           cancelled = s.cancelled - d.cancelled
      from (select broadcast_id,
                   count(*) filter (where status = 'pending')   as pending,
                   count(*) filter (where status = 'calling')   as calling,
                   count(*) filter (where status = 'retry')     as retry,
                   count(*) filter (where status = 'completed') as completed,
                   count(*) filter (where status = 'failed')    as failed,
                   count(*) filter (where status = 'dnc')       as dnc,
                   count(*) filter (where status = 'cancelled') as cancelled
              from old_rows group by broadcast_id) d
     where s.broadcast_id = d.broadcast_id;
    return null;
end $$;
create trigger broadcast_queue_count_delete after delete on broadcast_queue
    referencing old table as old_rows
    for each statement execute function broadcast_queue_count_delete();
