CREATE TABLE "demo_channel_posts" (
	"id" serial PRIMARY KEY NOT NULL,
	"channel" text NOT NULL,
	"guid" text NOT NULL,
	"post_id" text NOT NULL,
	"text" text NOT NULL,
	"media" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "demo_channel_posts_once_idx" ON "demo_channel_posts" USING btree ("channel","guid");