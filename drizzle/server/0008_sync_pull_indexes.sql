CREATE INDEX "applications_applicant_change_seq_idx" ON "applications" USING btree ("applicant_id","change_seq");--> statement-breakpoint
CREATE INDEX "applications_certificate_idx" ON "applications" USING btree ("certificate_id");--> statement-breakpoint
CREATE INDEX "bound_certificates_account_change_seq_idx" ON "bound_certificates" USING btree ("account_id","change_seq");--> statement-breakpoint
CREATE INDEX "notifications_account_change_seq_idx" ON "notifications" USING btree ("account_id","change_seq");--> statement-breakpoint
CREATE INDEX "orders_owner_change_seq_idx" ON "orders" USING btree ("owner_id","change_seq");--> statement-breakpoint
CREATE INDEX "sync_rejections_client_change_seq_idx" ON "sync_rejections" USING btree ("client_id","change_seq");