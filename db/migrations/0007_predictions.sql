CREATE TABLE `predictions` (
	`id` text PRIMARY KEY NOT NULL,
	`deployment_id` integer NOT NULL,
	`value` real NOT NULL,
	`at` integer NOT NULL,
	`actual` real,
	FOREIGN KEY (`deployment_id`) REFERENCES `deployments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `predictions_dep_at_idx` ON `predictions` (`deployment_id`,`at`);