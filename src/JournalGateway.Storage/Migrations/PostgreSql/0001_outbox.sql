-- 0001: the note outbox (store-and-forward of accepted note versions).
-- Later stores of the gateway (consents and blocks, access log, idempotency keys) follow as 0002_..., 0003_...
CREATE TABLE outbox_notes (
    note_id          text        NOT NULL,
    version          integer     NOT NULL CHECK (version >= 1),
    idempotency_key  text        NOT NULL,
    submission_type  text        NOT NULL,
    submission_id    text        NOT NULL,
    patient_kind     text        NOT NULL,
    patient_value    text        NOT NULL,
    schema_version   integer     NOT NULL,
    note_json        jsonb       NOT NULL,
    -- Served back byte for byte, so text rather than jsonb (which would normalise it).
    representation   text        NOT NULL,
    accepted_at      timestamptz NOT NULL,
    state            text        NOT NULL CHECK (state IN ('pending', 'delivering', 'delivered', 'dead_letter')),
    attempts         integer     NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL,
    lease_until      timestamptz NULL,
    last_error       text        NULL,
    regional_id      text        NULL,
    delivered_at     timestamptz NULL,
    CONSTRAINT pk_outbox_notes PRIMARY KEY (note_id, version),
    CONSTRAINT uq_outbox_notes_idempotency_key UNIQUE (idempotency_key)
);

-- Claiming: pending versions by due time, delivering versions by lease expiry.
CREATE INDEX ix_outbox_notes_state_next_attempt ON outbox_notes (state, next_attempt_at);
CREATE INDEX ix_outbox_notes_state_lease ON outbox_notes (state, lease_until);
-- Read-your-writes: a patient's undelivered notes.
CREATE INDEX ix_outbox_notes_patient ON outbox_notes (patient_kind, patient_value);
-- Idempotent repeats of a posted Bundle or Composition.
CREATE INDEX ix_outbox_notes_submission ON outbox_notes (submission_type, submission_id, version);
-- Operators' lists by state, oldest first.
CREATE INDEX ix_outbox_notes_state_accepted ON outbox_notes (state, accepted_at);
