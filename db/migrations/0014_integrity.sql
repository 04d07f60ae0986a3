CREATE TABLE `model_permissions` (
	`model_id` integer NOT NULL,
	`user_id` text NOT NULL,
	`level` text NOT NULL,
	`granted_by` text,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`model_id`, `user_id`),
	FOREIGN KEY (`model_id`) REFERENCES `registered_models`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`granted_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `model_permissions_user_idx` ON `model_permissions` (`user_id`);--> statement-breakpoint
CREATE TABLE `signing_keys` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`public_key` text NOT NULL,
	`fingerprint` text NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	`revoked_at` integer,
	FOREIGN KEY (`created_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `signing_keys_fingerprint_idx` ON `signing_keys` (`fingerprint`);--> statement-breakpoint
CREATE TABLE `version_signatures` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`version_id` integer NOT NULL,
	`kind` text NOT NULL,
	`bundle` text NOT NULL,
	`content_digest` text NOT NULL,
	`key_fingerprint` text NOT NULL,
	`signing_key_id` integer,
	`created_by` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`version_id`) REFERENCES `model_versions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`signing_key_id`) REFERENCES `signing_keys`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `version_signatures_version_kind_idx` ON `version_signatures` (`version_id`,`kind`);--> statement-breakpoint
DROP INDEX `transition_requests_one_open_idx`;--> statement-breakpoint
ALTER TABLE `transition_requests` ADD `alias` text;--> statement-breakpoint
CREATE UNIQUE INDEX `transition_requests_one_open_idx` ON `transition_requests` (`version_id`,`to_stage`,coalesce(`alias`, '')) WHERE status = 'open';--> statement-breakpoint
ALTER TABLE `artifacts` ADD `scan` text;--> statement-breakpoint
ALTER TABLE `model_versions` ADD `model_file` text;--> statement-breakpoint
ALTER TABLE `model_versions` ADD `content_digest` text;--> statement-breakpoint
ALTER TABLE `policies` ADD `protected_aliases` text DEFAULT '["champion"]' NOT NULL;--> statement-breakpoint
-- Versions registered before the model file was named served their first .onnx by path: name it.
UPDATE `model_versions` SET `model_file` = (SELECT `path` FROM `artifacts` WHERE `artifacts`.`version_id` = `model_versions`.`id` AND `path` LIKE '%.onnx' ORDER BY `path` LIMIT 1) WHERE `model_file` IS NULL;
