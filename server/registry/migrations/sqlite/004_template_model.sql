-- Templates carry the model that made them: templates of two models are never compared, and
-- a person whose templates lack a model the gate uses must have reference photos enrolled
-- again (photos are not kept, and templates cannot be converted). Every template stored
-- before this migration was dlib's.
ALTER TABLE templates ADD COLUMN model TEXT NOT NULL DEFAULT 'dlib-resnet-v1';
-- When the reference photo was taken (ISO date: the photo's own date, else the day it was
-- enrolled): /beheer and enrol show per pupil from which school year the photos are.
ALTER TABLE templates ADD COLUMN taken_on TEXT;
UPDATE templates SET taken_on = substr(created_at, 1, 10);
