-- Rollups are merged by every process that writes a minute: the minute's DDSketch is kept beside
-- its count, sum, min and max (lib/monitoring/recorder.ts), so a flush adds to it instead of
-- overwriting it. NULL on rows written before this migration (rebuilt once from the raw points).
ALTER TABLE `metric_rollups` ADD `sketch` blob;
