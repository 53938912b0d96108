CREATE TABLE "record_numbers" (
	"kind" text NOT NULL,
	"day" text NOT NULL,
	"last" integer NOT NULL,
	CONSTRAINT "record_numbers_kind_day_pk" PRIMARY KEY("kind","day")
);
--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "number" text;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "number" text;--> statement-breakpoint
-- Backfill: existing rows are numbered per Beijing day (UTC+8, no daylight saving) of their creation,
-- in order of creation; the counters continue after the last number each day was given.
UPDATE "applications" AS a SET "number" = n."number" FROM (
	SELECT "id", 'SQ' || "day" || '-' || CASE WHEN "seq" < 10000 THEN lpad("seq"::text, 4, '0') ELSE "seq"::text END AS "number"
	FROM (
		SELECT "id", to_char(("created_at" AT TIME ZONE 'UTC') + interval '8 hours', 'YYYYMMDD') AS "day",
			row_number() OVER (PARTITION BY to_char(("created_at" AT TIME ZONE 'UTC') + interval '8 hours', 'YYYYMMDD') ORDER BY "created_at", "id") AS "seq"
		FROM "applications"
	) AS d
) AS n WHERE a."id" = n."id";--> statement-breakpoint
UPDATE "orders" AS o SET "number" = n."number" FROM (
	SELECT "id", 'DD' || "day" || '-' || CASE WHEN "seq" < 10000 THEN lpad("seq"::text, 4, '0') ELSE "seq"::text END AS "number"
	FROM (
		SELECT "id", to_char(("created_at" AT TIME ZONE 'UTC') + interval '8 hours', 'YYYYMMDD') AS "day",
			row_number() OVER (PARTITION BY to_char(("created_at" AT TIME ZONE 'UTC') + interval '8 hours', 'YYYYMMDD') ORDER BY "created_at", "id") AS "seq"
		FROM "orders"
	) AS d
) AS n WHERE o."id" = n."id";--> statement-breakpoint
INSERT INTO "record_numbers" ("kind", "day", "last")
	SELECT 'SQ', to_char(("created_at" AT TIME ZONE 'UTC') + interval '8 hours', 'YYYYMMDD'), count(*)::int FROM "applications" GROUP BY 2
	UNION ALL
	SELECT 'DD', to_char(("created_at" AT TIME ZONE 'UTC') + interval '8 hours', 'YYYYMMDD'), count(*)::int FROM "orders" GROUP BY 2;--> statement-breakpoint
ALTER TABLE "applications" ALTER COLUMN "number" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ALTER COLUMN "number" SET NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "applications_number_key" ON "applications" USING btree ("number");--> statement-breakpoint
CREATE UNIQUE INDEX "orders_number_key" ON "orders" USING btree ("number");
