CREATE TABLE "publications" (
	"id" serial PRIMARY KEY NOT NULL,
	"post_id" text NOT NULL,
	"channel" text NOT NULL,
	"text_version" integer NOT NULL,
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
ALTER TABLE "publications" ADD CONSTRAINT "publications_post_id_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."posts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "publications_once_idx" ON "publications" USING btree ("post_id","channel","text_version");--> statement-breakpoint
CREATE INDEX "publications_due_idx" ON "publications" USING btree ("state","next_attempt_at");