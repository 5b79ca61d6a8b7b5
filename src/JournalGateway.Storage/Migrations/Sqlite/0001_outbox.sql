-- 0001: the note outbox (store-and-forward of accepted note versions).
-- Later stores of the gateway (consents and blocks, access log, idempotency keys) follow as 0002_..., 0003_...
-- Times are unix milliseconds UTC: sortable, compared as integers, no text parsing in the claim query.
CREATE TABLE outbox_notes (
    note_id          TEXT    NOT NULL,
    version          INTEGER NOT NULL CHECK (version >= 1),
    idempotency_key  TEXT    NOT NULL,
    submission_type  TEXT    NOT NULL,
    submission_id    TEXT    NOT NULL,
    patient_kind     TEXT    NOT NULL,
    patient_value    TEXT    NOT NULL,
    schema_version   INTEGER NOT NULL,
    note_json        TEXT    NOT NULL,
    representation   TEXT    NOT NULL,
    accepted_at      INTEGER NOT NULL,
    state            TEXT    NOT NULL CHECK (state IN ('pending', 'delivering', 'delivered', 'dead_letter')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  INTEGER NOT NULL,
    lease_until      INTEGER NULL,
    last_error       TEXT    NULL,
    regional_id      TEXT    NULL,
    delivered_at     INTEGER NULL,
    PRIMARY KEY (note_id, version),
    CONSTRAINT uq_outbox_notes_idempotency_key UNIQUE (idempotency_key)
) STRICT;

-- Claiming: pending versions by due time, delivering versions by lease expiry.
CREATE INDEX ix_outbox_notes_state_next_attempt ON outbox_notes (state, next_attempt_at);
CREATE INDEX ix_outbox_notes_state_lease ON outbox_notes (state, lease_until);
-- Read-your-writes: a patient's undelivered notes.
CREATE INDEX ix_outbox_notes_patient ON outbox_notes (patient_kind, patient_value);
-- Idempotent repeats of a posted Bundle or Composition.
CREATE INDEX ix_outbox_notes_submission ON outbox_notes (submission_type, submission_id, version);
-- Operators' lists by state, oldest first.
CREATE INDEX ix_outbox_notes_state_accepted ON outbox_notes (state, accepted_at);
