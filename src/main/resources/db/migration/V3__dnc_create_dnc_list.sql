create table dnc_list (
    user_id    uuid        not null references accounts (id) on delete cascade,
    phone      varchar(16) not null,
    source     text        not null check (source in ('manual', 'import', 'dtmf_opt_out', 'api')),
    reason     text,
    created_at timestamptz not null default now(),
    primary key (user_id, phone)
);
