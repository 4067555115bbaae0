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
CREATE TABLE "demo_comment_replies" (
	"id" serial PRIMARY KEY NOT NULL,
	"network" text NOT NULL,
	"guid" text NOT NULL,
	"comment_id" text NOT NULL,
	"text" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "comment_replies" ADD CONSTRAINT "comment_replies_comment_id_comments_id_fk" FOREIGN KEY ("comment_id") REFERENCES "public"."comments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "comment_replies_once_idx" ON "comment_replies" USING btree ("comment_id","text_version","interim");--> statement-breakpoint
CREATE INDEX "comment_replies_due_idx" ON "comment_replies" USING btree ("state","next_attempt_at");--> statement-breakpoint
CREATE UNIQUE INDEX "demo_comment_replies_once_idx" ON "demo_comment_replies" USING btree ("network","guid");