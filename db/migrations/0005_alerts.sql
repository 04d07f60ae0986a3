CREATE TABLE `alert_rules` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`deployment_id` integer,
	`metric` text NOT NULL,
	`aggregation` text NOT NULL,
	`comparator` text NOT NULL,
	`threshold` real NOT NULL,
	`window_seconds` integer NOT NULL,
	`for_seconds` integer DEFAULT 0 NOT NULL,
	`severity` text DEFAULT 'warning' NOT NULL,
	`runbook_url` text,
	`auto_rollback` integer DEFAULT false NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`deployment_id`) REFERENCES `deployments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `alerts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`rule_id` integer NOT NULL,
	`deployment_id` integer NOT NULL,
	`state` text NOT NULL,
	`value` real,
	`pending_since` integer,
	`fired_at` integer,
	`resolved_at` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`rule_id`) REFERENCES `alert_rules`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`deployment_id`) REFERENCES `deployments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `alerts_rule_deployment_idx` ON `alerts` (`rule_id`,`deployment_id`);--> statement-breakpoint
CREATE INDEX `alerts_state_idx` ON `alerts` (`state`);