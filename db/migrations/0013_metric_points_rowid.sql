PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_metric_points` (
	`id` integer PRIMARY KEY NOT NULL,
	`deployment_id` integer NOT NULL,
	`name` text NOT NULL,
	`at` integer NOT NULL,
	`value` real NOT NULL,
	FOREIGN KEY (`deployment_id`) REFERENCES `deployments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_metric_points`("id", "deployment_id", "name", "at", "value") SELECT "id", "deployment_id", "name", "at", "value" FROM `metric_points`;--> statement-breakpoint
DROP TABLE `metric_points`;--> statement-breakpoint
ALTER TABLE `__new_metric_points` RENAME TO `metric_points`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `metric_points_dep_name_at_idx` ON `metric_points` (`deployment_id`,`name`,`at`);