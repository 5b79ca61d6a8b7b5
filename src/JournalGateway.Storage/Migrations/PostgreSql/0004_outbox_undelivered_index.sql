-- 0004: read-your-writes looks only at a patient's undelivered versions. Almost every version is delivered within
-- moments, so an index of the undelivered ones alone stays tiny and keeps every search's outbox lookup flat, however
-- many notes the patient (or the outbox) has accumulated. It replaces the index over all of a patient's versions,
-- which nothing else used.
DROP INDEX ix_outbox_notes_patient;
CREATE INDEX ix_outbox_notes_patient_undelivered ON outbox_notes (patient_kind, patient_value) WHERE state <> 'delivered';
