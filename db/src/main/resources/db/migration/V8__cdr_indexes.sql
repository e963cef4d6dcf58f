-- CDR filters of the admin UI and API: department, trunk, and keyset pages. Same SQL subset as V1.
--
-- A CDR keeps the department of its caller's and callee's extensions as they were when the record
-- was stored (SqlCdrStore fills them on insert). Finance reports a month by the departments of
-- that month: with a join on extension instead, moving someone to another department would
-- rewrite every past month, and the calls of a removed extension would drop out of every
-- department. NULL: that side is not an extension (the outside party of a trunk call), or the
-- extension had no department.
ALTER TABLE cdr ADD COLUMN caller_department VARCHAR(128) NULL;
ALTER TABLE cdr ADD COLUMN callee_department VARCHAR(128) NULL;

-- Records written before this migration: the departments as they are now, the best there is.
UPDATE cdr SET caller_department = (SELECT e.department FROM extension e WHERE e.number = cdr.caller)
WHERE direction <> 'INBOUND';
UPDATE cdr SET callee_department = (SELECT e.department FROM extension e WHERE e.number = cdr.callee)
WHERE direction <> 'OUTBOUND';

-- Each with start_at second: every API query has a time range. Direction and disposition have a
-- handful of values each, so the range on idx_cdr_start (start_at, and the primary key id after
-- it, which the newest-first pages and the export order by) serves them better than an index.
CREATE INDEX idx_cdr_trunk_start ON cdr (trunk, start_at);
CREATE INDEX idx_cdr_caller_dept_start ON cdr (caller_department, start_at);
CREATE INDEX idx_cdr_callee_dept_start ON cdr (callee_department, start_at);
