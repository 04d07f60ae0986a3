-- Rollups are merged by every process that writes a minute: the minute's values (while few) or its
-- DDSketch are kept beside its count, sum, min and max (lib/monitoring/recorder.ts), so a flush adds
-- to them instead of overwriting them. NULL on rows written before this migration (rebuilt once
-- from the raw points). The triggers below are SQLite's; a PostgreSQL dialect needs its own.
ALTER TABLE `metric_rollups` ADD `sketch` blob;
--> statement-breakpoint
-- At most one live production version per model when the model's production policy (its own, else
-- the default one; no policy row means the default, single) says so. The promotion archives the
-- version it replaces first, in the same transaction; anything that would leave two (a second
-- process, a bug, a hand-written UPDATE) is refused by the database itself.
CREATE TRIGGER `model_versions_one_production_update`
BEFORE UPDATE OF `stage`, `deleted_at` ON `model_versions`
WHEN NEW.`stage` = 'production' AND NEW.`deleted_at` IS NULL
  AND coalesce((SELECT `single_version` FROM `policies` WHERE `stage` = 'production' AND (`model_id` = NEW.`model_id` OR `model_id` IS NULL) ORDER BY `model_id` IS NULL LIMIT 1), 1) = 1
  AND EXISTS (SELECT 1 FROM `model_versions` WHERE `model_id` = NEW.`model_id` AND `stage` = 'production' AND `deleted_at` IS NULL AND `id` <> NEW.`id`)
BEGIN
  SELECT RAISE(ABORT, 'one production version per model: archive the current production version first');
END;
--> statement-breakpoint
CREATE TRIGGER `model_versions_one_production_insert`
BEFORE INSERT ON `model_versions`
WHEN NEW.`stage` = 'production' AND NEW.`deleted_at` IS NULL
  AND coalesce((SELECT `single_version` FROM `policies` WHERE `stage` = 'production' AND (`model_id` = NEW.`model_id` OR `model_id` IS NULL) ORDER BY `model_id` IS NULL LIMIT 1), 1) = 1
  AND EXISTS (SELECT 1 FROM `model_versions` WHERE `model_id` = NEW.`model_id` AND `stage` = 'production' AND `deleted_at` IS NULL)
BEGIN
  SELECT RAISE(ABORT, 'one production version per model: archive the current production version first');
END;
--> statement-breakpoint
-- A request resolves exactly once: once it has left `open` its status never changes again.
CREATE TRIGGER `transition_requests_resolve_once`
BEFORE UPDATE OF `status` ON `transition_requests`
WHEN OLD.`status` <> 'open' AND NEW.`status` IS NOT OLD.`status`
BEGIN
  SELECT RAISE(ABORT, 'a transition request resolves exactly once');
END;
--> statement-breakpoint
-- Version numbers are never reused: a model's next number only grows.
CREATE TRIGGER `registered_models_next_version_grows`
BEFORE UPDATE OF `next_version` ON `registered_models`
WHEN NEW.`next_version` < OLD.`next_version`
BEGIN
  SELECT RAISE(ABORT, 'version numbers are never reused: next_version only grows');
END;
