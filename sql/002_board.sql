-- The advisory board, as belongd and `belong board` use it.

-- Several entries of one item's history can share a timestamp (a reply
-- in the same transaction as the item, a fixture); the serial keeps
-- their order.
alter table board_item_event add column id bigserial;
create index board_item_event_order on board_item_event (item_id, at, id);

-- Sessions are looked up by id_hash (the primary key); these serve ending
-- every session of a member (relink, revoke) and dropping expired ones.
create index board_session_member on board_session (member_id);
create index board_session_expires on board_session (expires_at);

-- The inbox and the report select by status and by time.
create index board_item_status on board_item (status, created_at);
