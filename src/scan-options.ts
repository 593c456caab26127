import { SCAN_SPEC_ENV, type ScanSpec, eslintOptions } from './scan';

/**
 * The options module ESLint's worker threads load when `leaks --concurrency` is used
 * (`ESLint.fromOptionsModule`): the scan is described in an environment variable, which
 * workers inherit.
 */
const spec = JSON.parse(process.env[SCAN_SPEC_ENV] ?? 'null') as ScanSpec | null;
if (!spec) throw new Error(`${SCAN_SPEC_ENV} is not set: this module is only for the leaks command`);
const options = eslintOptions(spec);
export = options;
