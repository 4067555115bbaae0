CREATE TABLE "inbound_events" (
	"source" text NOT NULL,
	"event_id" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "inbound_events_idx" ON "inbound_events" USING btree ("source","event_id");