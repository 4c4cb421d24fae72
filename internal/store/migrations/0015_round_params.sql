-- A round's thresholds by name (form.Params as JSON): 10000 for the
-- 可自主支配面积 of a 孵化器, 0.2 for the hardship cut. A name the round
-- leaves out takes the value its application type was declared with, so
-- '{}' keeps every existing round as it was.
ALTER TABLE rounds ADD COLUMN params TEXT NOT NULL DEFAULT '{}';
