/**
 * The org's objects and fields: the source of describe and of write and SOQL validation. Names are
 * case-insensitive in Salesforce, so lookups are too; answers use the canonical spelling.
 * `deploy` is the Metadata API's effect: add or replace custom fields and objects.
 */
import { customFieldDef, customObjectDef, MetadataError, splitFieldFullName } from './metadata-to-schema.js';
import { list, obj, str, type MetadataComponent, type MetadataObject, type MetadataResult } from './metadata-types.js';
import type { FieldDef, ObjectDef } from './types.js';

export interface ChildRelationship { childSObject: string; field: string; relationshipName: string | null; cascadeDelete: boolean }

export class OrgSchema {
  private readonly byName = new Map<string, ObjectDef>();
  private customPrefixes = 0;
  private readonly permissionSets = new Set<string>();

  constructor(objects: ObjectDef[]) {
    for (const o of objects) this.byName.set(o.name.toLowerCase(), o);
  }

  objects(): ObjectDef[] {
    return [...this.byName.values()];
  }

  find(name: string): ObjectDef | undefined {
    return this.byName.get(name.toLowerCase());
  }

  findByKeyPrefix(prefix: string): ObjectDef | undefined {
    return this.objects().find((o) => o.keyPrefix === prefix);
  }

  field(object: ObjectDef, name: string): FieldDef | undefined {
    const lower = name.toLowerCase();
    return object.fields.find((f) => f.name.toLowerCase() === lower);
  }

  /** The lookup field whose relationship name is `name` (e.g. `Account`, `Opportunity__r`). */
  relationship(object: ObjectDef, name: string): FieldDef | undefined {
    const lower = name.toLowerCase();
    return object.fields.find((f) => f.type === 'reference' && f.relationshipName?.toLowerCase() === lower);
  }

  childRelationships(objectName: string): ChildRelationship[] {
    const out: ChildRelationship[] = [];
    for (const child of this.objects()) {
      for (const f of child.fields) {
        if (f.type !== 'reference' || !f.referenceTo.includes(objectName) || f.name.endsWith('ById')) continue;
        out.push({ childSObject: child.name, field: f.name, relationshipName: f.childRelationshipName, cascadeDelete: false });
      }
    }
    return out;
  }

  /** Applies Metadata API components in order; each gets its own result, as createMetadata/upsertMetadata answer. */
  deploy(components: MetadataComponent[], mode: 'create' | 'upsert' = 'upsert'): MetadataResult[] {
    return components.map((c) => {
      const fullName = str(c.metadata.fullName) ?? '';
      try {
        const created = this.apply(c, mode);
        return { fullName, success: true, created };
      } catch (error) {
        if (!(error instanceof MetadataError)) throw error;
        return { fullName, success: false, created: false, errors: [{ statusCode: error.statusCode, message: error.message, ...(error.field ? { fields: error.field } : {}) }] };
      }
    });
  }

  private apply(component: MetadataComponent, mode: 'create' | 'upsert'): boolean {
    switch (component.type) {
      case 'CustomField': return this.applyField(component.metadata, mode);
      case 'CustomObject': return this.applyObject(component.metadata, mode);
      // Field-level security is not emulated: deployed fields are visible to every user at once.
      case 'PermissionSet': {
        const name = (str(component.metadata.fullName) ?? '').toLowerCase();
        if (this.permissionSets.has(name)) {
          if (mode === 'create') throw new MetadataError('DUPLICATE_DEVELOPER_NAME', `There is already a permission set named ${name}.`, 'fullName');
          return false;
        }
        this.permissionSets.add(name);
        return true;
      }
    }
  }

  private applyField(meta: MetadataObject, mode: 'create' | 'upsert', onObject?: string): boolean {
    const fullName = str(meta.fullName) ?? '';
    const { objectName, fieldName } = onObject ? { objectName: onObject, fieldName: fullName } : splitFieldFullName(fullName);
    const object = this.find(objectName);
    if (!object) throw new MetadataError('INVALID_CROSS_REFERENCE_KEY', `In field: fullName - no CustomObject named ${objectName} found`, 'fullName');
    const def = customFieldDef(fieldName, meta);
    if (def.type === 'reference' && !def.referenceTo.every((t) => this.find(t))) {
      throw new MetadataError('FIELD_INTEGRITY_EXCEPTION', `referenceTo value of '${def.referenceTo.join(',')}' does not resolve to a valid sObject type`, 'referenceTo');
    }
    if (def.type === 'reference') def.referenceTo = def.referenceTo.map((t) => this.find(t)?.name ?? t);
    const existing = object.fields.findIndex((f) => f.name.toLowerCase() === fieldName.toLowerCase());
    if (existing >= 0 && mode === 'create') {
      throw new MetadataError('DUPLICATE_DEVELOPER_NAME', `There is already a field named ${fieldName} on ${object.name}.`, 'fullName');
    }
    if (existing >= 0) {
      if (object.fields[existing]?.type !== def.type) throw new MetadataError('FIELD_INTEGRITY_EXCEPTION', `Cannot change the type of ${fieldName} to ${def.type}.`, 'type');
      object.fields[existing] = def;
      return false;
    }
    // Custom fields sit before the audit fields, as describe lists them.
    const at = object.fields.findIndex((f) => f.name === 'IsDeleted');
    object.fields.splice(at < 0 ? object.fields.length : at, 0, def);
    return true;
  }

  private applyObject(meta: MetadataObject, mode: 'create' | 'upsert'): boolean {
    const name = str(meta.fullName) ?? '';
    const existing = this.find(name);
    if (existing && mode === 'create') throw new MetadataError('DUPLICATE_DEVELOPER_NAME', `There is already an object named ${name}.`, 'fullName');
    let created = false;
    if (!existing) {
      this.byName.set(name.toLowerCase(), customObjectDef(meta, this.nextCustomPrefix()));
      created = true;
    } else {
      const def = customObjectDef(meta, existing.keyPrefix);
      existing.label = def.label;
      existing.labelPlural = def.labelPlural;
    }
    for (const f of list(meta.fields)) {
      const fieldMeta = obj(f);
      if (fieldMeta) this.applyField(fieldMeta, 'upsert', name);
    }
    return created;
  }

  /** Custom objects get `a0X`, `a0Y`, … (real orgs hand out a00, a01, … per org). */
  private nextCustomPrefix(): string {
    const alphabet = 'XYZabcdefghijklmnopqrstuvwxyz';
    const prefix = `a0${alphabet.charAt(this.customPrefixes % alphabet.length)}`;
    this.customPrefixes += 1;
    return prefix;
  }
}
