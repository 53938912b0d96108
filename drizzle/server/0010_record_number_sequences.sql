CREATE SEQUENCE "public"."record_number_sq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE SEQUENCE "public"."record_number_dd" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "record_number_days" (
	"kind" text NOT NULL,
	"day" text NOT NULL,
	"base" bigint NOT NULL,
	CONSTRAINT "record_number_days_kind_day_pk" PRIMARY KEY("kind","day")
);
--> statement-breakpoint
-- Each day's count goes on where its counter row left it: the sequences start at 1, so a day whose
-- counter stood at `last` gets base −last and its next number is last + 1.
INSERT INTO "record_number_days" ("kind", "day", "base")
	SELECT "kind", "day", -"last" FROM "record_numbers";--> statement-breakpoint
DROP TABLE "record_numbers";
