CREATE TABLE `retirements` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`request_id` integer NOT NULL,
	`model_id` integer NOT NULL,
	`version_id` integer,
	`category` text NOT NULL,
	`reason` text NOT NULL,
	`replacement_model_id` integer,
	`replacement_version_id` integer,
	`sunset_at` integer NOT NULL,
	`retention_days` integer NOT NULL,
	`status` text DEFAULT 'requested' NOT NULL,
	`notices_sent` text DEFAULT '[]' NOT NULL,
	`approved_at` integer,
	`retired_at` integer,
	`release_after` integer,
	`released_at` integer,
	`bytes_freed` integer,
	`restored_at` integer,
	`created_by` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`request_id`) REFERENCES `transition_requests`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`model_id`) REFERENCES `registered_models`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`version_id`) REFERENCES `model_versions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`replacement_model_id`) REFERENCES `registered_models`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`replacement_version_id`) REFERENCES `model_versions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `retirements_request_idx` ON `retirements` (`request_id`);--> statement-breakpoint
CREATE INDEX `retirements_status_idx` ON `retirements` (`status`,`sunset_at`);--> statement-breakpoint
CREATE INDEX `retirements_model_idx` ON `retirements` (`model_id`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_transition_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`model_id` integer NOT NULL,
	`version_id` integer,
	`from_stage` text NOT NULL,
	`to_stage` text NOT NULL,
	`kind` text DEFAULT 'transition' NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`requested_by` text,
	`comment` text DEFAULT '' NOT NULL,
	`evidence_hash` text NOT NULL,
	`override` integer DEFAULT false NOT NULL,
	`resolved_by` text,
	`resolution_comment` text,
	`created_at` integer NOT NULL,
	`resolved_at` integer,
	FOREIGN KEY (`model_id`) REFERENCES `registered_models`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`version_id`) REFERENCES `model_versions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`requested_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`resolved_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_transition_requests`("id", "model_id", "version_id", "from_stage", "to_stage", "kind", "status", "requested_by", "comment", "evidence_hash", "override", "resolved_by", "resolution_comment", "created_at", "resolved_at") SELECT "id", "model_id", "version_id", "from_stage", "to_stage", "kind", "status", "requested_by", "comment", "evidence_hash", "override", "resolved_by", "resolution_comment", "created_at", "resolved_at" FROM `transition_requests`;--> statement-breakpoint
DROP TABLE `transition_requests`;--> statement-breakpoint
ALTER TABLE `__new_transition_requests` RENAME TO `transition_requests`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `transition_requests_one_open_idx` ON `transition_requests` (`version_id`,`to_stage`) WHERE status = 'open';--> statement-breakpoint
CREATE INDEX `transition_requests_status_idx` ON `transition_requests` (`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `transition_requests_version_idx` ON `transition_requests` (`version_id`);--> statement-breakpoint
ALTER TABLE `blobs` ADD `released_at` integer;