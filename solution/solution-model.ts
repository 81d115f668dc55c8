import type { CrmComponents } from './dynamics-components.js';
import type { ConnectorFiles } from './connector-files.js';
import type { Crm } from './documented-flows.js';
import type { FlowManifest } from './flow-sources.js';
import type { ConnectionReferenceSpec } from './platform-names.js';

// What one solution zip holds, resolved from the sources: the XML writers and the zip layout read
// only this.

export interface PackedWorkflow {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  /** Zip path, e.g. Workflows/PartnerCenterWebhookRegistration-<ID>.json. */
  readonly file: string;
  readonly json: string;
}

export interface SolutionModel {
  readonly crm: Crm;
  readonly managed: boolean;
  readonly version: string;
  readonly manifest: FlowManifest;
  readonly workflows: readonly PackedWorkflow[];
  readonly connectorId: string;
  readonly connector: ConnectorFiles;
  readonly connectionReferences: readonly ConnectionReferenceSpec[];
  readonly crmComponents: CrmComponents | undefined;
}
