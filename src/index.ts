/**
 * hustings: the package root. The counting library (also `hustings/count`,
 * pure, no I/O), the file readers (`hustings/formats`) and the renderers of a
 * count (`hustings/report`).
 */
export * from './count/index.js';
export { readElectionFile } from './formats/index.js';
export { InputError } from './formats/errors.js';
export * from './report/index.js';
