CREATE TABLE "comment_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"comment_id" text NOT NULL,
	"event" text NOT NULL,
	"actor_id" text NOT NULL,
	"actor_role" text NOT NULL,
	"from_state" text,
	"to_state" text NOT NULL,
	"version" integer NOT NULL,
	"text_version" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"department_ids" jsonb NOT NULL,
	"payload" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "comments" (
	"id" text PRIMARY KEY NOT NULL,
	"network" text NOT NULL,
	"page_id" text NOT NULL,
	"network_post_id" text NOT NULL,
	"network_comment_id" text NOT NULL,
	"author_name" text NOT NULL,
	"author_url" text NOT NULL,
	"text" text NOT NULL,
	"thread" jsonb NOT NULL,
	"left_at" timestamp with time zone NOT NULL,
	"registered_at" timestamp with time zone NOT NULL,
	"state" text NOT NULL,
	"context" jsonb NOT NULL,
	"version" integer NOT NULL,
	"department_id" text,
	"deadline_at" timestamp with time zone,
	"overdue" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inbound_events" (
	"source" text NOT NULL,
	"event_id" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "comment_history" ADD CONSTRAINT "comment_history_comment_id_comments_id_fk" FOREIGN KEY ("comment_id") REFERENCES "public"."comments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comments" ADD CONSTRAINT "comments_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "comment_history_comment_idx" ON "comment_history" USING btree ("comment_id");--> statement-breakpoint
CREATE UNIQUE INDEX "comments_source_idx" ON "comments" USING btree ("network","page_id","network_post_id","network_comment_id");--> statement-breakpoint
CREATE INDEX "comments_state_idx" ON "comments" USING btree ("state");--> statement-breakpoint
CREATE INDEX "comments_department_idx" ON "comments" USING btree ("department_id");--> statement-breakpoint
CREATE UNIQUE INDEX "inbound_events_idx" ON "inbound_events" USING btree ("source","event_id");