/** Table and column definitions, reduced to what the Web API behaviour depends on. */

export interface OptionLabel { value: number; label: string }

interface AttributeBase {
  logicalName: string;
  /** Display name, used by the package and formatted messages. */
  displayName: string;
  /** Computed or system-maintained: a payload that sets it is refused. */
  readOnly?: boolean;
  description?: string;
}

export type AttributeDefinition =
  | AttributeBase & { type: 'uniqueidentifier' }
  | AttributeBase & { type: 'string'; maxLength: number; format?: 'text' | 'email' | 'url' | 'phone' }
  | AttributeBase & { type: 'memo'; maxLength: number }
  | AttributeBase & { type: 'integer'; min: number; max: number }
  | AttributeBase & { type: 'bigint' }
  | AttributeBase & { type: 'decimal'; min: number; max: number; precision: number }
  | AttributeBase & { type: 'money'; min: number; max: number; precision: number }
  | AttributeBase & { type: 'boolean'; labels: [falseLabel: string, trueLabel: string]; defaultValue: boolean }
  | AttributeBase & { type: 'datetime' }
  | AttributeBase & { type: 'dateonly' }
  | AttributeBase & { type: 'picklist'; options: OptionLabel[] }
  | AttributeBase & { type: 'state'; options: OptionLabel[] }
  | AttributeBase & { type: 'status'; options: Array<OptionLabel & { state: number }> }
  | AttributeBase & LookupShape;

export interface LookupShape {
  type: 'lookup';
  /** Target tables (several for customer, owner and the polymorphic connection/annotation lookups). */
  targets: string[];
  /**
   * Single-valued navigation property per target, as the `@odata.bind` names it: the lookup's
   * schema name for one target (`parentaccountid`), `<name>_<target>` for polymorphic ones.
   */
  navigation: Record<string, string>;
}

export type AttributeType = AttributeDefinition['type'];
export type LookupAttribute = Extract<AttributeDefinition, { type: 'lookup' }>;

export interface EntityDefinition {
  logicalName: string;
  entitySetName: string;
  displayName: string;
  displayCollectionName: string;
  primaryIdAttribute: string;
  primaryNameAttribute: string;
  ownership: 'user' | 'organization' | 'none';
  /** Custom tables and columns carry the publisher prefix; the package lists them. */
  isCustom: boolean;
  attributes: AttributeDefinition[];
  /** Alternate keys: name and the attribute logical names (lookups by their logical name). */
  alternateKeys: Array<{ name: string; attributes: string[] }>;
}
