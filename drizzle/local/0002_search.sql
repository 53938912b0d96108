CREATE TABLE `record_search_rows` (
	`row_id` integer PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`kind` text NOT NULL,
	`id` text NOT NULL,
	`body` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `record_search_rows_record` ON `record_search_rows` (`account_id`,`kind`,`id`);--> statement-breakpoint
-- Local search of the staff desk (issue 9): the searchable text of each kept application and order, in an
-- FTS5 table with the trigram tokenizer (substring search, Chinese without word splitting; SQLite ≥ 3.34).
-- Fields are joined by a line break, which no search box can type, so a match never spans two fields.
CREATE VIEW `record_search_source` AS SELECT r.`account_id`, r.`kind`, r.`id`,
  CASE r.`kind`
    WHEN 'application' THEN concat_ws(char(10),
      r.`json` ->> '$.number', r.`json` ->> '$.applicantName', r.`json` ->> '$.enterpriseCreditCode',
      r.`json` ->> '$.orderNumber', r.`json` ->> '$.trackingNumber',
      (SELECT group_concat(v.`atom`, char(10)) FROM json_tree(r.`json`, '$.values') v
        WHERE v.`type` IN ('text', 'integer')))
    ELSE concat_ws(char(10),
      r.`json` ->> '$.number', r.`json` ->> '$.invoice.title', r.`json` ->> '$.invoice.taxpayerNumber',
      r.`json` ->> '$.enterpriseCreditCode', r.`json` ->> '$.contactPhone', r.`json` ->> '$.mailing.recipient',
      r.`json` ->> '$.mailing.phone', r.`json` ->> '$.mailing.address')
  END AS `body`
  FROM `local_records` r WHERE r.`kind` IN ('application', 'order');
--> statement-breakpoint
-- External content: the text is stored once, in record_search_rows (where every match is checked with LIKE,
-- and 1–2 character searches LIKE it alone). No positions (detail=none): the search ANDs trigrams, then LIKE.
CREATE VIRTUAL TABLE `record_search` USING fts5(`body`, content = 'record_search_rows', content_rowid = 'row_id', tokenize = 'trigram', detail = 'none');
--> statement-breakpoint
CREATE TRIGGER `record_search_rows_insert` AFTER INSERT ON `record_search_rows` BEGIN
  INSERT INTO `record_search` (`rowid`, `body`) VALUES (new.`row_id`, new.`body`);
END;
--> statement-breakpoint
CREATE TRIGGER `record_search_rows_delete` AFTER DELETE ON `record_search_rows` BEGIN
  INSERT INTO `record_search` (`record_search`, `rowid`, `body`) VALUES ('delete', old.`row_id`, old.`body`);
END;
--> statement-breakpoint
CREATE TRIGGER `record_search_rows_update` AFTER UPDATE ON `record_search_rows` BEGIN
  INSERT INTO `record_search` (`record_search`, `rowid`, `body`) VALUES ('delete', old.`row_id`, old.`body`);
  INSERT INTO `record_search` (`rowid`, `body`) VALUES (new.`row_id`, new.`body`);
END;
--> statement-breakpoint
CREATE TRIGGER `local_records_search_insert` AFTER INSERT ON `local_records`
WHEN new.`kind` IN ('application', 'order') BEGIN
  INSERT INTO `record_search_rows` (`account_id`, `kind`, `id`, `body`)
    SELECT `account_id`, `kind`, `id`, `body` FROM `record_search_source`
    WHERE `account_id` = new.`account_id` AND `kind` = new.`kind` AND `id` = new.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `local_records_search_delete` AFTER DELETE ON `local_records`
WHEN old.`kind` IN ('application', 'order') BEGIN
  DELETE FROM `record_search_rows` WHERE `account_id` = old.`account_id` AND `kind` = old.`kind` AND `id` = old.`id`;
END;
--> statement-breakpoint
-- The record's key never changes in place (an upsert keeps it), but if it did the old text still goes.
CREATE TRIGGER `local_records_search_update` AFTER UPDATE OF `account_id`, `kind`, `id`, `json` ON `local_records` BEGIN
  DELETE FROM `record_search_rows` WHERE `account_id` = old.`account_id` AND `kind` = old.`kind` AND `id` = old.`id`;
  INSERT INTO `record_search_rows` (`account_id`, `kind`, `id`, `body`)
    SELECT `account_id`, `kind`, `id`, `body` FROM `record_search_source`
    WHERE `account_id` = new.`account_id` AND `kind` = new.`kind` AND `id` = new.`id`;
END;
--> statement-breakpoint
-- What a store upgraded from 0001 already keeps becomes searchable at once (the triggers above index it).
INSERT INTO `record_search_rows` (`account_id`, `kind`, `id`, `body`)
  SELECT `account_id`, `kind`, `id`, `body` FROM `record_search_source`;
