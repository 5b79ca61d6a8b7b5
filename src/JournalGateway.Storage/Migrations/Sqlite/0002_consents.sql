-- 0002: patients' consents, blocks and lifts (IConsentRegistry).
-- The directive itself is JSON (schema_version says which shape); the columns are what is searched and ordered.
-- recorded_at is unix microseconds UTC; rowid breaks ties in recording order.
CREATE TABLE consents (
    id              TEXT    NOT NULL PRIMARY KEY,
    patient_kind    TEXT    NOT NULL,
    patient_value   TEXT    NOT NULL,
    kind            TEXT    NOT NULL CHECK (kind IN ('consent', 'block', 'block_lift')),
    status          TEXT    NOT NULL CHECK (status IN ('active', 'inactive')),
    recorded_at     INTEGER NOT NULL,
    schema_version  INTEGER NOT NULL,
    directive_json  TEXT    NOT NULL
) STRICT;

-- Every access decision reads all directives of one patient, oldest first.
CREATE INDEX ix_consents_patient ON consents (patient_kind, patient_value, recorded_at);

-- Directives are withdrawn (status inactive), never deleted: past decisions must stay explainable.
CREATE TRIGGER consents_no_delete BEFORE DELETE ON consents
BEGIN
    SELECT RAISE(ABORT, 'consents are never deleted; set the status to inactive');
END;
