-- belong: words for charts.  An event's Spanish title (null: none; the
-- Spanish charts then use the title), set by `belong event add|set
-- --title-es`, and the settings of the organization that runs belong
-- (`belong config set KEY VALUE`; the known keys are in cli/cmd_config.c,
-- org_name for now: the source line of the charts).  belongd needs
-- neither: the form shows the title, and no setting is about the survey.
alter table event add column title_es text
    check (length(title_es) between 1 and 200);
create table setting (
    key         text primary key check (key ~ '^[a-z][a-z0-9_]{0,62}$'),
    value       text not null
                check (length(value) between 1 and 200 and value !~ '[\x01-\x1f\x7f]'),
    updated_at  timestamptz not null default now()
);
