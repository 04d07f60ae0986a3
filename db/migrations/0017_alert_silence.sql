-- A silenced alert rule is skipped by the evaluator until this time (ms); null: not silenced.
ALTER TABLE `alert_rules` ADD `silenced_until` integer;