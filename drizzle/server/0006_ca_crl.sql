CREATE SEQUENCE "public"."crl_number" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "revocation_lists" (
	"crl_number" bigint PRIMARY KEY NOT NULL,
	"issuer_fingerprint" text NOT NULL,
	"der" "bytea" NOT NULL,
	"this_update" timestamp with time zone NOT NULL,
	"next_update" timestamp with time zone NOT NULL,
	"entries" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "issued_certificates" ADD COLUMN "revocation_reason" text;