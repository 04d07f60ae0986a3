CREATE TABLE `reference_distributions` (
	`version_id` integer NOT NULL,
	`feature` text NOT NULL,
	`kind` text NOT NULL,
	`data` text NOT NULL,
	`rows` integer NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`version_id`, `feature`),
	FOREIGN KEY (`version_id`) REFERENCES `model_versions`(`id`) ON UPDATE no action ON DELETE no action
);
