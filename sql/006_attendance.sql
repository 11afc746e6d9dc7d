-- belong: an event's recorded headcount, taken after the event
-- (`belong event attendance SLUG --total N`).  The response rates of
-- report and reach divide by it, or by expected_attendance while it is
-- null (not recorded).  A column of the event, not a table of its own:
-- counts of the attendance by group (role, grade, ...) will come as a
-- table keyed by event_id and group, beside this total, which stays the
-- headcount of everyone.
alter table event add column attendance integer check (attendance >= 0);
