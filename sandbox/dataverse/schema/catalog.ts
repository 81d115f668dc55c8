/** The environment's tables: standard ones with the co-sell solution's columns, keys and table added. */
import { COSELL_KEYS, COSELL_LEAD_ATTRIBUTES, COSELL_OPPORTUNITY_ATTRIBUTES, PARTNER_CENTER_SOLUTION } from './cosell-schema.js';
import { STANDARD_ENTITIES } from './standard-entities.js';
import type { AttributeDefinition, EntityDefinition, LookupAttribute } from './types.js';

export class EntityCatalog {
  private readonly byLogical = new Map<string, EntityDefinition>();
  private readonly bySet = new Map<string, EntityDefinition>();
  private readonly attributes = new Map<string, Map<string, AttributeDefinition>>();

  constructor(entities: readonly EntityDefinition[]) {
    for (const entity of entities) {
      this.byLogical.set(entity.logicalName, entity);
      this.bySet.set(entity.entitySetName, entity);
      this.attributes.set(entity.logicalName, new Map(entity.attributes.map((a) => [a.logicalName, a])));
    }
  }

  entity(logicalName: string): EntityDefinition | undefined {
    return this.byLogical.get(logicalName);
  }

  /** Entity set names are case-sensitive, as OData resource paths are. */
  entitySet(setName: string): EntityDefinition | undefined {
    return this.bySet.get(setName);
  }

  attribute(entity: string, logicalName: string): AttributeDefinition | undefined {
    return this.attributes.get(entity)?.get(logicalName);
  }

  /** The lookup and target a single-valued navigation property (`parentaccountid`, `customerid_account`) stands for. */
  navigation(entity: string, property: string): { lookup: LookupAttribute; target: string } | undefined {
    for (const a of this.byLogical.get(entity)?.attributes ?? []) {
      if (a.type !== 'lookup') continue;
      for (const [target, nav] of Object.entries(a.navigation)) if (nav === property) return { lookup: a, target };
    }
    return undefined;
  }

  all(): EntityDefinition[] {
    return [...this.byLogical.values()];
  }
}

/** A fresh catalog: definitions are copied so one emulator's changes never reach another's. */
export function environmentCatalog(): EntityCatalog {
  const entities = structuredClone([...STANDARD_ENTITIES, PARTNER_CENTER_SOLUTION]);
  const add = (logicalName: string, columns: readonly AttributeDefinition[]) => {
    const entity = entities.find((e) => e.logicalName === logicalName)!;
    entity.attributes.push(...structuredClone(columns));
    entity.alternateKeys.push(...structuredClone(COSELL_KEYS[logicalName] ?? []));
  };
  add('opportunity', COSELL_OPPORTUNITY_ATTRIBUTES);
  add('lead', COSELL_LEAD_ATTRIBUTES);
  return new EntityCatalog(entities);
}
