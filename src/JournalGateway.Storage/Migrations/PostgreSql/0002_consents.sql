-- 0002: patients' consents, blocks and lifts (IConsentRegistry).
-- The directive itself is JSON (schema_version says which shape); the columns are what is searched and ordered.
CREATE TABLE consents (
    id              text        NOT NULL,
    patient_kind    text        NOT NULL,
    patient_value   text        NOT NULL,
    kind            text        NOT NULL CHECK (kind IN ('consent', 'block', 'block_lift')),
    status          text        NOT NULL CHECK (status IN ('active', 'inactive')),
    recorded_at     timestamptz NOT NULL,
    -- Breaks ties in recording order (two directives recorded in the same microsecond).
    recorded_order  bigint      GENERATED ALWAYS AS IDENTITY,
    schema_version  integer     NOT NULL,
    directive_json  jsonb       NOT NULL,
    CONSTRAINT pk_consents PRIMARY KEY (id)
);

-- Every access decision reads all directives of one patient, oldest first.
CREATE INDEX ix_consents_patient ON consents (patient_kind, patient_value, recorded_at, recorded_order);

-- Directives are withdrawn (status inactive), never deleted: past decisions must stay explainable.
CREATE FUNCTION consents_refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'consents are never deleted; set the status to inactive' USING ERRCODE = 'restrict_violation';
END;
$$;

CREATE TRIGGER consents_no_delete BEFORE DELETE ON consents
    FOR EACH ROW EXECUTE FUNCTION consents_refuse_delete();
CREATE TRIGGER consents_no_truncate BEFORE TRUNCATE ON consents
    FOR EACH STATEMENT EXECUTE FUNCTION consents_refuse_delete();
