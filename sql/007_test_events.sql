-- belong: test events.  A test event takes responses like any other (to
-- try the form, the QR code, the demo of `make run`), but the reports,
-- trends, reach, reliability, exports, quotes and charts leave it out
-- unless asked (--include-test): its few responses must neither show in
-- the figures nor push real groups into complementary suppression.
-- belongd needs nothing new: it reads the whole event row already.
alter table event add column test boolean not null default false;
