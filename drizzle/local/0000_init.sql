CREATE TABLE `cached_records` (
	`kind` text NOT NULL,
	`id` text NOT NULL,
	`json` text NOT NULL,
	`version` integer NOT NULL,
	`cached_at` text NOT NULL,
	PRIMARY KEY(`kind`, `id`)
);
--> statement-breakpoint
CREATE TABLE `outbox` (
	`mutation_id` integer PRIMARY KEY NOT NULL,
	`client_id` text NOT NULL,
	`name` text NOT NULL,
	`args` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `session` (
	`id` integer PRIMARY KEY NOT NULL,
	`token` blob NOT NULL,
	`sealed` integer NOT NULL,
	`expires_at` text NOT NULL,
	`user` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
