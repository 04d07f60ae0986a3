ALTER TABLE `predictions` ADD `key` text;--> statement-breakpoint
CREATE INDEX `predictions_dep_key_idx` ON `predictions` (`deployment_id`,`key`);