CREATE TABLE "channel_settings" (
	"channel" text PRIMARY KEY NOT NULL,
	"secret" text NOT NULL,
	"fields" jsonb NOT NULL,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "email" text;