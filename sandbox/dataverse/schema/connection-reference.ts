/**
 * Connection references: how a solution's cloud flows name their connections. A flow's `clientdata`
 * points at a reference by `connectionReferenceLogicalName`; the reference row holds the bound
 * connection in `connectionid` (empty until someone creates the connection, e.g. in the import
 * wizard). Columns, lengths and the state pair are those of the Connection Reference table reference
 * (learn.microsoft.com power-apps/developer/data-platform/reference/entities/connectionreference).
 */
import { choice, options, stateAndStatus, systemColumns, text } from './attribute-builders.js';
import type { EntityDefinition } from './types.js';

export const connectionreference: EntityDefinition = {
  logicalName: 'connectionreference', entitySetName: 'connectionreferences',
  displayName: 'Connection Reference', displayCollectionName: 'Connection References',
  primaryIdAttribute: 'connectionreferenceid', primaryNameAttribute: 'connectionreferencedisplayname', ownership: 'user',
  isCustom: false, alternateKeys: [],
  attributes: [
    ...systemColumns('connectionreferenceid', 'user'),
    text('connectionreferencedisplayname', 'Connection Reference Display Name', 200),
    text('connectionreferencelogicalname', 'Connection Reference Logical Name', 200),
    // `/providers/Microsoft.PowerApps/apis/shared_…`, as customizations.xml spells it.
    text('connectorid', 'Connector Id', 1000),
    // "Id of the connection in API hub"; empty means the reference is not bound yet.
    text('connectionid', 'Connection Id', 1000),
    text('description', 'Description', 2000),
    choice('promptingbehavior', 'Prompting Behavior', options([0, 'Prompt on import'], [1, 'Skip'])),
    ...stateAndStatus([[0, 'Active'], [1, 'Inactive']], [[1, 'Active', 0], [2, 'Inactive', 1]]),
  ],
};
