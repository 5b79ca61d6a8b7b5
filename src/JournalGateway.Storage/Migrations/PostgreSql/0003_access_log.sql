-- 0003: the access log (IAccessLog): append-only, chained by SHA-256 (AccessLogChain).
-- One row per entry, sequence from 1 without gaps, assigned by the writer holding the head row's lock.
-- timestamptz keeps microseconds, exactly what the chain's canonical content covers.
CREATE TABLE access_log (
    sequence          bigint      NOT NULL CHECK (sequence >= 1),
    time              timestamptz NOT NULL,
    action            text        NOT NULL,
    outcome           text        NOT NULL,
    user_hsa_id       text        NOT NULL,
    user_name         text        NULL,
    care_unit         text        NOT NULL,
    care_provider     text        NOT NULL,
    provider_kind     text        NOT NULL,
    patient_kind      text        NULL,
    patient_value     text        NULL,
    purpose           text        NOT NULL,
    emergency_reason  text        NULL,
    -- Text, not jsonb: the order of the lists is part of the hashed content.
    returned_json     text        NOT NULL,
    withheld_count    integer     NOT NULL,
    reasons_json      text        NOT NULL,
    previous_hash     text        NOT NULL,
    hash              text        NOT NULL,
    CONSTRAINT pk_access_log PRIMARY KEY (sequence)
);

-- A patient's accesses, and follow-up by purpose (nödåtkomst), both newest first.
CREATE INDEX ix_access_log_patient_time ON access_log (patient_kind, patient_value, time);
CREATE INDEX ix_access_log_purpose_time ON access_log (purpose, time);
CREATE INDEX ix_access_log_time ON access_log (time);

-- The chain's head: every appender locks this one row (SELECT ... FOR UPDATE), so gateway instances append one at
-- a time and build one chain. It also holds the anchor: the last pruned entry, from which the remaining chain is
-- verified (sequence 0 and 64 zeros before any pruning).
CREATE TABLE access_log_head (
    id               smallint NOT NULL CHECK (id = 1),
    last_sequence    bigint   NOT NULL,
    last_hash        text     NOT NULL,
    anchor_sequence  bigint   NOT NULL,
    anchor_hash      text     NOT NULL,
    CONSTRAINT pk_access_log_head PRIMARY KEY (id)
);
INSERT INTO access_log_head (id, last_sequence, last_hash, anchor_sequence, anchor_hash)
VALUES (1, 0, repeat('0', 64), 0, repeat('0', 64));

-- Append-only, enforced by the database: no UPDATE, no TRUNCATE, and DELETE only inside a pruning transaction,
-- which says so with SET LOCAL journalgateway.allow_prune = 'on' (gone at its commit or rollback).
CREATE FUNCTION access_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('journalgateway.allow_prune', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'access_log is append-only: % refused', TG_OP USING ERRCODE = 'restrict_violation';
END;
$$;

CREATE TRIGGER access_log_append_only BEFORE UPDATE OR DELETE ON access_log
    FOR EACH ROW EXECUTE FUNCTION access_log_refuse_change();
CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON access_log
    FOR EACH STATEMENT EXECUTE FUNCTION access_log_refuse_change();

CREATE FUNCTION access_log_head_refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'access_log_head is never deleted' USING ERRCODE = 'restrict_violation';
END;
$$;

CREATE TRIGGER access_log_head_no_delete BEFORE DELETE ON access_log_head
    FOR EACH ROW EXECUTE FUNCTION access_log_head_refuse_delete();
CREATE TRIGGER access_log_head_no_truncate BEFORE TRUNCATE ON access_log_head
    FOR EACH STATEMENT EXECUTE FUNCTION access_log_head_refuse_delete();
