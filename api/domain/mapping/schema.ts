import schema from '../../../mappings/mapping.schema.json' with { type: 'json' };

/**
 * The JSON Schema of a mapping document. It lives in `mappings/mapping.schema.json` rather than as a
 * literal here so that a copied mapping file can name it in `$schema` and an editor checks it while a
 * user types; this module is its one TypeScript entry point (ajv in `load.ts`, tests).
 */
export const mappingSchema = schema;
export const MAPPING_SCHEMA_ID: string = schema.$id;
