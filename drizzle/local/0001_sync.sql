CREATE TABLE `local_records` (
	`account_id` text NOT NULL,
	`kind` text NOT NULL,
	`id` text NOT NULL,
	`json` text NOT NULL,
	`server_json` text,
	`server_version` integer,
	`changed_at` text NOT NULL,
	PRIMARY KEY(`account_id`, `kind`, `id`)
);
--> statement-breakpoint
CREATE TABLE `offline_files` (
	`account_id` text NOT NULL,
	`sha256` text NOT NULL,
	`file_name` text NOT NULL,
	`query` text NOT NULL,
	`size` integer NOT NULL,
	`uploaded` text,
	`created_at` text NOT NULL,
	PRIMARY KEY(`account_id`, `sha256`)
);
--> statement-breakpoint
CREATE TABLE `sync_state` (
	`account_id` text PRIMARY KEY NOT NULL,
	`client_id` text NOT NULL,
	`next_mutation_id` integer NOT NULL,
	`acked_mutation_id` integer NOT NULL,
	`cursor` integer,
	`caught_up` integer NOT NULL,
	`last_sync_at` text,
	`last_error` text,
	`last_error_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sync_state_client_id_unique` ON `sync_state` (`client_id`);--> statement-breakpoint
-- The outbox of release 0000 was never written to: it is made again with the account and record columns.
DROP TABLE `outbox`;--> statement-breakpoint
CREATE TABLE `outbox` (
	`client_id` text NOT NULL,
	`mutation_id` integer NOT NULL,
	`account_id` text NOT NULL,
	`name` text NOT NULL,
	`args` text NOT NULL,
	`record_kind` text NOT NULL,
	`record_id` text NOT NULL,
	`status` text NOT NULL,
	`rejection` text,
	`created_at` text NOT NULL,
	PRIMARY KEY(`client_id`, `mutation_id`)
);
--> statement-breakpoint
CREATE INDEX `outbox_account_status` ON `outbox` (`account_id`,`status`,`mutation_id`);--> statement-breakpoint
CREATE INDEX `outbox_record` ON `outbox` (`account_id`,`record_kind`,`record_id`);--> statement-breakpoint
-- Upgrade of a cache made by release 0000: the kept lists and details become one row per record.
INSERT OR REPLACE INTO `local_records` SELECT c.`id`, 'application', e.`key`, e.`value`, e.`value`, json_extract(e.`value`, '$.version'), c.`cached_at`
  FROM `cached_records` c, json_each(c.`json`) e WHERE c.`kind` = 'applicationDetails';--> statement-breakpoint
INSERT OR IGNORE INTO `local_records` SELECT c.`id`, 'application', json_extract(e.`value`, '$.id'), json_set(e.`value`, '$.timeline', json('[]')), json_set(e.`value`, '$.timeline', json('[]')), json_extract(e.`value`, '$.version'), c.`cached_at`
  FROM `cached_records` c, json_each(c.`json`, '$.items') e WHERE c.`kind` = 'applications';--> statement-breakpoint
INSERT OR REPLACE INTO `local_records` SELECT c.`id`, 'order', e.`key`, e.`value`, e.`value`, json_extract(e.`value`, '$.version'), c.`cached_at`
  FROM `cached_records` c, json_each(c.`json`) e WHERE c.`kind` = 'orderDetails';--> statement-breakpoint
INSERT OR IGNORE INTO `local_records` SELECT c.`id`, 'order', json_extract(e.`value`, '$.id'), e.`value`, e.`value`, json_extract(e.`value`, '$.version'), c.`cached_at`
  FROM `cached_records` c, json_each(c.`json`, '$.items') e WHERE c.`kind` = 'orders';--> statement-breakpoint
INSERT OR IGNORE INTO `local_records` SELECT c.`id`, 'boundCertificate', json_extract(e.`value`, '$.id'), e.`value`, e.`value`, json_extract(e.`value`, '$.version'), c.`cached_at`
  FROM `cached_records` c, json_each(c.`json`, '$.items') e WHERE c.`kind` = 'boundCertificates';--> statement-breakpoint
INSERT OR IGNORE INTO `local_records` SELECT c.`id`, 'profile', c.`id`, c.`json`, c.`json`, c.`version`, c.`cached_at`
  FROM `cached_records` c WHERE c.`kind` = 'profile';--> statement-breakpoint
-- Notifications: release 0000 kept which ones were read on this computer only; they arrive again, with the
-- server's read state, on the first pull. The read ones are marked read through the outbox by the app.
DELETE FROM `cached_records` WHERE `kind` IN ('applicationDetails', 'applications', 'orderDetails', 'orders', 'boundCertificates', 'profile', 'notifications');
