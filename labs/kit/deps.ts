// Every third-party import of the lab kit goes through this module, so that a
// dependency can be swapped or pinned in one place.

export { parse as parseYaml, parseAllDocuments, stringify as stringifyYaml } from 'yaml';
export { z } from 'zod';
export { $, ProcessOutput, ProcessPromise } from 'zx';
