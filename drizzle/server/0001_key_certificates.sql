CREATE TABLE "bound_certificates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"certificate_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"role" text DEFAULT 'operator' NOT NULL,
	"bound_at" timestamp with time zone NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"change_seq" bigint DEFAULT nextval('change_seq') NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "issued_certificates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"serial_number" text NOT NULL,
	"fingerprint" text NOT NULL,
	"pem" text NOT NULL,
	"subject" jsonb NOT NULL,
	"common_name" text,
	"key_algorithm" text NOT NULL,
	"not_before" timestamp with time zone NOT NULL,
	"not_after" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'valid' NOT NULL,
	"revoked_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"change_seq" bigint DEFAULT nextval('change_seq') NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "key_challenges" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"purpose" text NOT NULL,
	"nonce" text NOT NULL,
	"account_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "bound_certificates" ADD CONSTRAINT "bound_certificates_certificate_id_issued_certificates_id_fk" FOREIGN KEY ("certificate_id") REFERENCES "public"."issued_certificates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bound_certificates" ADD CONSTRAINT "bound_certificates_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "key_challenges" ADD CONSTRAINT "key_challenges_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "bound_certificates_certificate_key" ON "bound_certificates" USING btree ("certificate_id");--> statement-breakpoint
CREATE INDEX "bound_certificates_account_idx" ON "bound_certificates" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "bound_certificates_change_seq_idx" ON "bound_certificates" USING btree ("change_seq");--> statement-breakpoint
CREATE UNIQUE INDEX "issued_certificates_serial_key" ON "issued_certificates" USING btree ("serial_number");--> statement-breakpoint
CREATE UNIQUE INDEX "issued_certificates_fingerprint_key" ON "issued_certificates" USING btree ("fingerprint");--> statement-breakpoint
CREATE INDEX "issued_certificates_change_seq_idx" ON "issued_certificates" USING btree ("change_seq");