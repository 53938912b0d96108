-- Orders that already have several pending payments keep only the newest (before 0004, every 在线支付
-- click started another); a pending payment has no notification yet, so nothing refers to the others.
DELETE FROM "payments" AS p USING "payments" AS newer
WHERE p."status" = 'pending' AND newer."status" = 'pending' AND newer."order_id" = p."order_id"
  AND (newer."created_at", newer."id") > (p."created_at", p."id");--> statement-breakpoint
CREATE UNIQUE INDEX "payments_pending_order_key" ON "payments" USING btree ("order_id") WHERE "payments"."status" = 'pending';
