CREATE TABLE `deployments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`model_id` integer NOT NULL,
	`version_id` integer NOT NULL,
	`environment` text NOT NULL,
	`target` text NOT NULL,
	`endpoint_url` text,
	`platform` text,
	`status` text DEFAULT 'live' NOT NULL,
	`traffic_share` real DEFAULT 1 NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`model_id`) REFERENCES `registered_models`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`version_id`) REFERENCES `model_versions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `deployments_model_idx` ON `deployments` (`model_id`,`status`);--> statement-breakpoint
CREATE INDEX `deployments_version_idx` ON `deployments` (`version_id`,`status`);--> statement-breakpoint
CREATE TABLE `metric_points` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`deployment_id` integer NOT NULL,
	`name` text NOT NULL,
	`at` integer NOT NULL,
	`value` real NOT NULL,
	FOREIGN KEY (`deployment_id`) REFERENCES `deployments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `metric_points_dep_name_at_idx` ON `metric_points` (`deployment_id`,`name`,`at`);--> statement-breakpoint
CREATE TABLE `metric_rollups` (
	`deployment_id` integer NOT NULL,
	`name` text NOT NULL,
	`minute` integer NOT NULL,
	`count` integer NOT NULL,
	`sum` real NOT NULL,
	`min` real NOT NULL,
	`max` real NOT NULL,
	`p50` real,
	`p95` real,
	`p99` real,
	PRIMARY KEY(`deployment_id`, `name`, `minute`),
	FOREIGN KEY (`deployment_id`) REFERENCES `deployments`(`id`) ON UPDATE no action ON DELETE no action
);
