-- A token works only from the extension origin that paired (empty: paired before this
-- version, bound to no origin), and /beheer shows when each was last used (a day).
ALTER TABLE tokens ADD COLUMN origin TEXT NOT NULL DEFAULT '';
ALTER TABLE tokens ADD COLUMN last_seen TEXT;
