import { el, renderXml, text, type XmlElement } from './xml.js';
import { CONNECTOR, ENVIRONMENT_VARIABLES, PUBLISHER } from './platform-names.js';
import type { SolutionModel } from './solution-model.js';

// solution.xml and [Content_Types].xml (power-platform-formats.md §3.2–3.4).

const NIL = { 'xsi:nil': 'true' };

function localized(container: string, item: string, description: string): XmlElement {
  return el(container, {}, el(item, { description, languagecode: '1033' }));
}

function address(n: number): XmlElement {
  return el('Address', {}, text('AddressNumber', n), text('AddressTypeCode', 1), text('ShippingMethodCode', 1));
}

export function solutionXml(model: SolutionModel): string {
  const roots: XmlElement[] = [
    ...model.workflows.map((w) => el('RootComponent', { type: '29', id: `{${w.id}}`, behavior: '0' })),
    el('RootComponent', { type: '372', id: `{${model.connectorId}}`, schemaName: CONNECTOR.schemaName, behavior: '0' }),
    // Environment variable definitions by schema name: generators emit these; real exports may rely on
    // the environmentvariabledefinitions/ folder alone (§3.4, inferred as the safer choice).
    ...ENVIRONMENT_VARIABLES.map((v) => el('RootComponent', { type: '380', schemaName: v.schemaName, behavior: '0' })),
    ...(model.crmComponents?.rootComponents ?? []).map((r) => el('RootComponent', { ...r.attributes })),
  ];
  return renderXml(el('ImportExportXml', { version: '9.2.24012.196', SolutionPackageVersion: '9.2', languagecode: '1033', generatedBy: 'CrmLive', 'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance' },
    el('SolutionManifest', {},
      text('UniqueName', model.manifest.solution.uniqueName),
      localized('LocalizedNames', 'LocalizedName', model.manifest.solution.displayName),
      localized('Descriptions', 'Description', model.manifest.solution.description),
      text('Version', model.version),
      text('Managed', model.managed ? 1 : 0),
      el('Publisher', {},
        text('UniqueName', PUBLISHER.uniqueName),
        localized('LocalizedNames', 'LocalizedName', PUBLISHER.displayName),
        localized('Descriptions', 'Description', PUBLISHER.description),
        el('EMailAddress', NIL),
        el('SupportingWebsiteUrl', NIL),
        text('CustomizationPrefix', PUBLISHER.prefix),
        text('CustomizationOptionValuePrefix', PUBLISHER.optionValuePrefix),
        el('Addresses', {}, address(1), address(2))),
      el('RootComponents', {}, roots),
      el('MissingDependencies'))));
}

export function contentTypesXml(): string {
  return renderXml(el('Types', { xmlns: 'http://schemas.openxmlformats.org/package/2006/content-types' },
    el('Default', { Extension: 'xml', ContentType: 'text/xml' }),
    el('Default', { Extension: 'json', ContentType: 'application/octet-stream' }),
    el('Default', { Extension: 'png', ContentType: 'application/octet-stream' })));
}
