// Where things are, resolved from this file: the repo, the extension, the shared data
// beside the repo (read in place, never copied in), and the artefacts folder.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(here, '../../..');
export const EXTENSION = path.join(REPO, 'extension');
export const SHARED_DATA = path.resolve(REPO, '../shared/data');
export const SCHOOL_DEMO = path.join(SHARED_DATA, 'school_demo');
export const ARTIFACTS = path.join(REPO, 'artifacts', 'e2e');
export const SITE = path.resolve(here, '../site');

const KNN = path.join(SHARED_DATA, 'faces/face_recognition_repo/examples/knn_examples/test');
/** The demo school's photos (../shared/data/README.md): what the default policy decides. */
export const PHOTOS = {
  consented: path.join(KNN, 'obama1.jpg'), // L1001, consent for social media: allow
  mixed: path.join(KNN, 'obama_and_biden.jpg'), // L1001 + L1002 without consent: block
  unknown: path.join(KNN, 'alex_lacamoire1.jpg'), // on no list: warn
};

/** The poortwachter command: the repo's own, unless a developer points elsewhere. */
export const POORTWACHTER = process.env.POORTWACHTER_BIN || path.join(REPO, '.venv/bin/poortwachter');
