-- 0003: the access log (IAccessLog): append-only, chained by SHA-256 (AccessLogChain).
-- One row per entry, sequence from 1 without gaps, assigned by the writer holding the write lock.
-- time is unix microseconds UTC: the chain's canonical content covers whole microseconds.
-- returned_json and reasons_json are JSON arrays of strings, in order.
CREATE TABLE access_log (
    sequence          INTEGER NOT NULL PRIMARY KEY CHECK (sequence >= 1),
    time              INTEGER NOT NULL,
    action            TEXT    NOT NULL,
    outcome           TEXT    NOT NULL,
    user_hsa_id       TEXT    NOT NULL,
    user_name         TEXT    NULL,
    care_unit         TEXT    NOT NULL,
    care_provider     TEXT    NOT NULL,
    provider_kind     TEXT    NOT NULL,
    patient_kind      TEXT    NULL,
    patient_value     TEXT    NULL,
    purpose           TEXT    NOT NULL,
    emergency_reason  TEXT    NULL,
    returned_json     TEXT    NOT NULL,
    withheld_count    INTEGER NOT NULL,
    reasons_json      TEXT    NOT NULL,
    previous_hash     TEXT    NOT NULL,
    hash              TEXT    NOT NULL
) STRICT;

-- A patient's accesses, and follow-up by purpose (nödåtkomst), both newest first.
CREATE INDEX ix_access_log_patient_time ON access_log (patient_kind, patient_value, time);
CREATE INDEX ix_access_log_purpose_time ON access_log (purpose, time);
CREATE INDEX ix_access_log_time ON access_log (time);

-- The chain's head (last sequence and hash, for the next append and to detect cut-off newest entries) and its
-- anchor (the last pruned entry, from which the remaining chain is verified; sequence 0 and 64 zeros before any
-- pruning). Exactly one row.
CREATE TABLE access_log_head (
    id               INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    last_sequence    INTEGER NOT NULL,
    last_hash        TEXT    NOT NULL,
    anchor_sequence  INTEGER NOT NULL,
    anchor_hash      TEXT    NOT NULL
) STRICT;
INSERT INTO access_log_head (id, last_sequence, last_hash, anchor_sequence, anchor_hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000',
        0, '0000000000000000000000000000000000000000000000000000000000000000');

-- Retention pruning is the one delete allowed. The pruning transaction sets allow_prune = 1 and back to 0 before
-- it commits, so no other connection ever sees it set (the write lock is held throughout).
CREATE TABLE access_log_control (
    id           INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    allow_prune  INTEGER NOT NULL CHECK (allow_prune IN (0, 1))
) STRICT;
INSERT INTO access_log_control (id, allow_prune) VALUES (1, 0);

-- Append-only, enforced by the database: no update ever, no delete outside a pruning transaction.
CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log
BEGIN
    SELECT RAISE(ABORT, 'access_log is append-only: UPDATE refused');
END;

CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log
WHEN (SELECT allow_prune FROM access_log_control WHERE id = 1) IS NOT 1
BEGIN
    SELECT RAISE(ABORT, 'access_log is append-only: DELETE refused');
END;

CREATE TRIGGER access_log_head_no_delete BEFORE DELETE ON access_log_head
BEGIN
    SELECT RAISE(ABORT, 'access_log_head is never deleted');
END;
