CREATE TABLE `evaluations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`version_id` integer NOT NULL,
	`dataset` text NOT NULL,
	`split` text NOT NULL,
	`task` text NOT NULL,
	`rows` integer,
	`metrics` text NOT NULL,
	`curves` text DEFAULT '{}' NOT NULL,
	`confusion` text,
	`slices` text DEFAULT '[]' NOT NULL,
	`fairness` text DEFAULT '[]' NOT NULL,
	`history` text DEFAULT '[]' NOT NULL,
	`importance` text DEFAULT '[]' NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`version_id`) REFERENCES `model_versions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `evaluations_version_idx` ON `evaluations` (`version_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `model_cards` (
	`model_id` integer PRIMARY KEY NOT NULL,
	`sections` text DEFAULT '{}' NOT NULL,
	`updated_by` text,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`model_id`) REFERENCES `registered_models`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`updated_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
