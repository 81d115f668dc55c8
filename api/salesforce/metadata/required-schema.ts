/**
 * What the sync needs in the org, derived from the package files (the single source of truth), and
 * the start-up check against it. The check takes a describe function of the shape of
 * `CrmGateway.describe`, so it does not depend on any adapter. Salesforce names are
 * case-insensitive (the default mapping spells `Solution_ID__c`, the package `Solution_Id__c`).
 */
import { splitFieldName, type PackageComponent } from './package-components.js';
import { readSourcePackage } from './read-source-package.js';

export interface RequiredObject {
  name: string;
  /** True when the package creates the object (a missing one means the package was never deployed). */
  custom: boolean;
  fields: string[];
}

export type MissingSchemaItem = { kind: 'object'; object: string } | { kind: 'field'; object: string; field: string };

export type DescribeObject = (object: string) => Promise<{ fields: string[] } | undefined>;

export const DEPLOY_HINT = 'Deploy them with `npm run salesforce:deploy` (see crm-packages/salesforce/README.md).';

export function requiredSchemaOf(components: readonly PackageComponent[]): RequiredObject[] {
  const byName = new Map<string, RequiredObject>();
  const entry = (name: string): RequiredObject => {
    let found = byName.get(name.toLowerCase());
    if (!found) {
      found = { name, custom: false, fields: [] };
      byName.set(name.toLowerCase(), found);
    }
    return found;
  };
  for (const c of components) {
    if (c.type === 'CustomObject') entry(c.fullName).custom = true;
    if (c.type === 'CustomField') {
      const { object, field } = splitFieldName(c.fullName);
      entry(object).fields.push(field);
    }
  }
  return [...byName.values()];
}

/** The objects and fields the package deploys, read from `crm-packages/salesforce/`. */
export async function requiredSalesforceSchema(packageDir?: string): Promise<RequiredObject[]> {
  return requiredSchemaOf(await readSourcePackage(packageDir));
}

/** Everything required that the org lacks; an absent object is one item, not one per field. */
export async function checkSalesforceSchema(describe: DescribeObject, required?: readonly RequiredObject[]): Promise<MissingSchemaItem[]> {
  const missing: MissingSchemaItem[] = [];
  for (const object of required ?? await requiredSalesforceSchema()) {
    const description = await describe(object.name);
    if (!description) {
      missing.push({ kind: 'object', object: object.name });
      continue;
    }
    const present = new Set(description.fields.map((f) => f.toLowerCase()));
    for (const field of object.fields) {
      if (!present.has(field.toLowerCase())) missing.push({ kind: 'field', object: object.name, field });
    }
  }
  return missing;
}

export function describeMissing(item: MissingSchemaItem): string {
  return item.kind === 'object' ? `${item.object} (object)` : `${item.object}.${item.field}`;
}

/** The refusal the sync logs at start-up; undefined when nothing is missing. */
export function formatMissingSchemaMessage(missing: readonly MissingSchemaItem[]): string | undefined {
  if (missing.length === 0) return undefined;
  return `Salesforce org is missing the co-sell custom fields: ${missing.map(describeMissing).join(', ')}. ${DEPLOY_HINT}`;
}
