-- A round's thresholds by name (form.Params as JSON): 10000 for the
-- 可自主支配面积 of a 孵化器, 0.2 for the hardship cut. A name the round
-- leaves out takes the value its application type was declared with, so
-- '{}' keeps every existing round as it was.
ALTER TABLE rounds ADD COLUMN params TEXT NOT NULL DEFAULT '{}';

-- The 文号 and date of the document that published the round's result
-- (国科火字〔2022〕24号): a 免税 application of a carrier that Hatch 备案 or
-- 认定 in the round is filled in with them.
ALTER TABLE rounds ADD COLUMN result_no TEXT NOT NULL DEFAULT '';
ALTER TABLE rounds ADD COLUMN result_on TEXT NOT NULL DEFAULT '';
