CREATE TABLE "request_counts" (
	"subject" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "request_counts_subject_window_start_pk" PRIMARY KEY("subject","window_start")
);
