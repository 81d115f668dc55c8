/**
 * Logical name → entity set name and primary key. A table of the names the connector uses (checked
 * against the entity reference pages: `opportunity` → `opportunities`, primary id `opportunityid`),
 * then English pluralisation as Dataverse applies it to custom tables (`msp_partnercentersolution` →
 * `msp_partnercentersolutions`). An environment whose set name differs is configured through the
 * gateway's `entitySets` option rather than read from EntityDefinitions, which would cost a call per
 * table at start-up and need metadata read privileges.
 */
const KNOWN_SETS: Readonly<Record<string, string>> = {
  account: 'accounts',
  connection: 'connections',
  connectionrole: 'connectionroles',
  contact: 'contacts',
  lead: 'leads',
  opportunity: 'opportunities',
  opportunityclose: 'opportunitycloses',
  systemuser: 'systemusers',
  team: 'teams',
  transactioncurrency: 'transactioncurrencies',
  msp_partnercentersolution: 'msp_partnercentersolutions',
};

const LOGICAL_NAME = /^[a-z][a-z0-9_]*$/;

export class EntitySets {
  private readonly sets: Map<string, string>;

  constructor(overrides: Record<string, string> = {}) {
    this.sets = new Map(Object.entries({ ...KNOWN_SETS, ...overrides }));
  }

  /** The entity set a logical name is addressed by in URLs. */
  setOf(logicalName: string): string {
    const name = logicalNameOf(logicalName);
    return this.sets.get(name) ?? pluralise(name);
  }

  /** The table an entity set name belongs to (for OData-EntityId and `@odata.bind` values). */
  logicalNameOfSet(set: string): string | undefined {
    for (const [logical, s] of this.sets) if (s === set) return logical;
    return undefined;
  }
}

/** Every table's primary key is `<logicalname>id` (activities aside, which the connector does not write). */
export function primaryKeyOf(logicalName: string): string {
  return `${logicalNameOf(logicalName)}id`;
}

/** Logical names are lower case; anything else cannot be a table and is refused before it reaches a URL. */
export function logicalNameOf(name: string): string {
  if (!LOGICAL_NAME.test(name)) throw new RangeError(`Not a Dataverse logical name: ${JSON.stringify(name)}`);
  return name;
}

export function pluralise(name: string): string {
  if (/[^aeiou]y$/.test(name)) return `${name.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(name)) return `${name}es`;
  return `${name}s`;
}
