-- The board form carries a key per page load, so a second tap of Send (or
-- a reload of the POST) stores the item once.  Items from the JSON API
-- have no key; NULLs never conflict.
alter table board_item add column client_key uuid;
create unique index board_item_client_key on board_item (member_id, client_key);
