-- belong: "you said, we did", the advisory-board items staff chose to
-- publish and which of their replies go with them (`belong board reply
-- ITEM --public|--private`, `belong board public`).
--
-- The marks are tables of their own, not columns of board_item and
-- board_item_event: belongd's role inserts into those two (a member sends
-- an item, and its first history entry), and `belong db grant` gives it
-- nothing on these, so neither a member nor the daemon can publish
-- anything.  Only staff, through belong, can.

-- An item on the public list, since when.
create table board_public_item (
    item_id  integer primary key references board_item (id),
    since    timestamptz not null default now()
);

-- A reply published with its item.  A reply is one history entry; the
-- serial of 002_board.sql names it.
alter table board_item_event add constraint board_item_event_id_key unique (id);
create table board_public_reply (
    event_id  bigint primary key references board_item_event (id),
    item_id   integer not null references board_item (id)
);
create index board_public_reply_item on board_public_reply (item_id);
