/**
 * The co-sell Salesforce package as Metadata API components: what `crm-packages/salesforce/` holds,
 * in the shape `conn.metadata.upsert(type, metadata)` takes (leaves are strings, as in the XML).
 */

export type ComponentType = 'CustomObject' | 'CustomField' | 'PermissionSet';

/** Deploy order: an object before its fields, the permission set (which names the fields) last. */
export const DEPLOY_ORDER: readonly ComponentType[] = ['CustomObject', 'CustomField', 'PermissionSet'];

export type MetadataValue = string | MetadataValue[] | { [key: string]: MetadataValue };
export type MetadataRecord = { [key: string]: MetadataValue };

export interface PackageComponent {
  type: ComponentType;
  /** `Microsoft_Solutions__c`, `Opportunity.Audit__c`, `Cosell_Connector_Integration`. */
  fullName: string;
  /** `fullName` first, then the file's elements in file order (the WSDL sequence order). */
  metadata: MetadataRecord;
  /** Path relative to the package folder, for messages. */
  file: string;
}

/** `Opportunity.Audit__c` → `{ object: 'Opportunity', field: 'Audit__c' }`. */
export function splitFieldName(fullName: string): { object: string; field: string } {
  const dot = fullName.indexOf('.');
  return { object: fullName.slice(0, dot), field: fullName.slice(dot + 1) };
}

export function sortForDeploy(components: readonly PackageComponent[]): PackageComponent[] {
  const rank = (c: PackageComponent): number => DEPLOY_ORDER.indexOf(c.type);
  return [...components].sort((a, b) => rank(a) - rank(b) || a.fullName.localeCompare(b.fullName));
}
