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
CREATE TABLE "comment_replies" (
	"id" serial PRIMARY KEY NOT NULL,
	"comment_id" text NOT NULL,
	"network" text NOT NULL,
	"text_version" integer NOT NULL,
	"interim" boolean NOT NULL,
	"approved_hash" text NOT NULL,
	"state" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"external_id" text,
	"url" text,
	"error" text,
	"retryable" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
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
CREATE TABLE "demo_comment_replies" (
	"id" serial PRIMARY KEY NOT NULL,
	"network" text NOT NULL,
	"guid" text NOT NULL,
	"comment_id" text NOT NULL,
	"text" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inbound_events" (
	"source" text NOT NULL,
	"event_id" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "comment_history" ADD CONSTRAINT "comment_history_comment_id_comments_id_fk" FOREIGN KEY ("comment_id") REFERENCES "public"."comments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comment_replies" ADD CONSTRAINT "comment_replies_comment_id_comments_id_fk" FOREIGN KEY ("comment_id") REFERENCES "public"."comments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comments" ADD CONSTRAINT "comments_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "comment_history_comment_idx" ON "comment_history" USING btree ("comment_id");--> statement-breakpoint
CREATE UNIQUE INDEX "comment_replies_once_idx" ON "comment_replies" USING btree ("comment_id","text_version","interim");--> statement-breakpoint
CREATE INDEX "comment_replies_due_idx" ON "comment_replies" USING btree ("state","next_attempt_at");--> statement-breakpoint
CREATE UNIQUE INDEX "comments_source_idx" ON "comments" USING btree ("network","page_id","network_post_id","network_comment_id");--> statement-breakpoint
CREATE INDEX "comments_state_idx" ON "comments" USING btree ("state");--> statement-breakpoint
CREATE INDEX "comments_department_idx" ON "comments" USING btree ("department_id");--> statement-breakpoint
CREATE UNIQUE INDEX "demo_comment_replies_once_idx" ON "demo_comment_replies" USING btree ("network","guid");--> statement-breakpoint
CREATE UNIQUE INDEX "inbound_events_idx" ON "inbound_events" USING btree ("source","event_id");