import { connectorFilePath } from './connector-files.js';
import { CONNECTOR } from './platform-names.js';
import type { SolutionModel } from './solution-model.js';
import { el, renderXml, text, type XmlElement, type XmlNode } from './xml.js';

// customizations.xml in the element order of real exports (power-platform-formats.md §3.5): the
// flows as category-5 workflows, the connector, the connection references; for Dynamics 365 also
// the tables and columns read from crm-packages/dynamics365.

function rawSection(name: string, inner: string | undefined): XmlElement {
  const children: XmlNode[] = inner ? [{ raw: inner }] : [];
  return el(name, {}, children);
}

function workflow(w: SolutionModel['workflows'][number], version: string): XmlElement {
  return el('Workflow', { WorkflowId: `{${w.id}}`, Name: w.name },
    text('JsonFileName', `/${w.file}`),
    text('Type', 1),
    text('Subprocess', 0),
    text('Category', 5),
    text('Mode', 0),
    text('Scope', 4),
    text('OnDemand', 0),
    text('TriggerOnCreate', 0),
    text('TriggerOnDelete', 0),
    text('AsyncAutodelete', 0),
    text('SyncWorkflowLogOnFailure', 0),
    // Imported off (Draft): the partner creates the connections first and then turns the flows on
    // in the documented order; exports of running flows say 1/2 instead.
    text('StateCode', 0),
    text('StatusCode', 1),
    text('RunAs', 1),
    text('IsTransacted', 1),
    text('IntroducedVersion', version),
    text('IsCustomizable', 1),
    text('BusinessProcessType', 0),
    text('IsCustomProcessingStepAllowedForOtherPublishers', 1),
    text('PrimaryEntity', 'none'),
    el('LocalizedNames', {}, el('LocalizedName', { languagecode: '1033', description: w.name })),
    el('Descriptions', {}, el('Description', { languagecode: '1033', description: w.description })));
}

export function customizationsXml(model: SolutionModel): string {
  const crm = model.crmComponents;
  return renderXml(el('ImportExportXml', { 'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance' },
    rawSection('Entities', crm?.entities),
    el('Roles'),
    el('Workflows', {}, model.workflows.map((w) => workflow(w, model.version))),
    el('FieldSecurityProfiles'),
    el('Templates'),
    el('EntityMaps'),
    rawSection('EntityRelationships', crm?.relationships),
    el('OrganizationSettings'),
    rawSection('optionsets', crm?.optionSets),
    el('CustomControls'),
    el('EntityDataProviders'),
    el('Connectors', {}, el('Connector', {},
      text('connectorid', model.connectorId),
      text('description', model.connector.description),
      text('displayname', CONNECTOR.displayName),
      text('iconbrandcolor', model.connector.brandColor),
      text('name', CONNECTOR.schemaName),
      text('connectortype', 1),
      text('openapidefinition', `/${connectorFilePath('openapidefinition')}`),
      text('connectionparameters', `/${connectorFilePath('connectionparameters')}`),
      text('policytemplateinstances', `/${connectorFilePath('policytemplateinstances')}`),
      text('iconblob', `/${connectorFilePath('iconblob')}`))),
    el('connectionreferences', {}, model.connectionReferences.map((r) => el('connectionreference', { connectionreferencelogicalname: r.logicalName },
      text('connectionreferencedisplayname', r.displayName),
      text('connectorid', `/providers/Microsoft.PowerApps/apis/${r.apiName}`),
      r.custom ? el('customconnectorid', {}, text('connectorid', model.connectorId)) : undefined,
      text('iscustomizable', 1),
      text('statecode', 0),
      text('statuscode', 1)))),
    el('Languages', {}, text('Language', 1033))));
}
