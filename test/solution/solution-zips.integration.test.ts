import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { unzipSync } from 'fflate';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { pack } from '../../solution/pack.js';
import { CRMS, DOCUMENTED_FLOW_ORDER } from '../../solution/documented-flows.js';
import { CONNECTOR, ENVIRONMENT_VARIABLES } from '../../solution/platform-names.js';
import { repositoryRoot } from '../flows/repository.js';

// Builds the four zips the way `npm run solution:pack` does, unpacks each and checks it against the
// solution layout of shared/reference/power-platform-formats.md §3: entries, well-formed XML, root
// components, workflow files named by customizations.xml, connector files, environment variables,
// the managed flag; then builds again and compares bytes.

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', isArray: (name) => ['RootComponent', 'Workflow', 'connectionreference', 'Connector'].includes(name) });
const version = `${String(JSON.parse(readFileSync(join(repositoryRoot, 'package.json'), 'utf8')).version)}.0`;
interface RootComponent { '@_type': string; '@_id'?: string; '@_schemaName'?: string }
interface WorkflowElement { '@_Name': string; '@_WorkflowId': string; Category: number; JsonFileName: string }
interface ConnectionReferenceElement { '@_connectionreferencelogicalname': string; customconnectorid?: { connectorid: string } }
interface FlowFile { properties: { connectionReferences: Record<string, { connection: { connectionReferenceLogicalName: string } }> } }
const decode = (bytes: Uint8Array | undefined): string => Buffer.from(bytes ?? new Uint8Array()).toString('utf8');

describe('npm run solution:pack', function () {
  let out: string;
  let again: string;
  let files: string[];

  before(() => {
    out = mkdtempSync(join(tmpdir(), 'solution-'));
    again = mkdtempSync(join(tmpdir(), 'solution-again-'));
    files = pack(repositoryRoot, out).files;
  });

  after(() => {
    rmSync(out, { recursive: true, force: true });
    rmSync(again, { recursive: true, force: true });
  });

  it('writes unmanaged and managed zips for Salesforce and Dynamics 365', () => {
    assert.deepEqual(files.map((f) => basename(f)).sort(), [
      `CosellReferralsSynchronizationDynamics365_${version.replace(/\./g, '_')}.zip`,
      `CosellReferralsSynchronizationDynamics365_${version.replace(/\./g, '_')}_managed.zip`,
      `CosellReferralsSynchronizationSalesforce_${version.replace(/\./g, '_')}.zip`,
      `CosellReferralsSynchronizationSalesforce_${version.replace(/\./g, '_')}_managed.zip`,
    ]);
  });

  it('gives byte-identical zips from the same sources', () => {
    const second = pack(repositoryRoot, again).files;
    for (const [i, file] of files.entries()) {
      assert.ok(readFileSync(file).equals(readFileSync(second[i] as string)), `${basename(file)} differs between two builds`);
    }
  });

  for (const crm of CRMS) {
    for (const managed of [false, true]) {
      describe(`${crm} ${managed ? 'managed' : 'unmanaged'}`, () => {
        let entries: Record<string, Uint8Array>;
        let solution: any;
        let customizations: any;

        before(() => {
          const file = files.find((f) => f.includes(crm === 'salesforce' ? 'Salesforce_' : 'Dynamics365_') && f.endsWith('_managed.zip') === managed) as string;
          entries = unzipSync(readFileSync(file));
          solution = parser.parse(decode(entries['solution.xml'])).ImportExportXml;
          customizations = parser.parse(decode(entries['customizations.xml'])).ImportExportXml;
        });

        it('has the layout of a solution export at the zip root, with well-formed XML', () => {
          const names = Object.keys(entries);
          for (const required of ['[Content_Types].xml', 'solution.xml', 'customizations.xml']) assert.ok(names.includes(required), required);
          assert.ok(names.every((n) => /^(\[Content_Types\]\.xml|solution\.xml|customizations\.xml|Workflows\/[A-Za-z0-9]+-[0-9A-F-]{36}\.json|Connector\/[^/]+|environmentvariabledefinitions\/[^/]+\/environmentvariabledefinition\.xml)$/.test(n)), names.join('\n'));
          assert.deepEqual(names, [...names].sort(), 'entries are sorted');
          for (const n of names.filter((x) => x.endsWith('.xml'))) assert.equal(XMLValidator.validate(decode(entries[n])), true, n);
          const types = parser.parse(decode(entries['[Content_Types].xml'])).Types;
          assert.deepEqual((types.Default as Array<{ '@_Extension': string }>).map((d) => d['@_Extension']).sort(), ['json', 'png', 'xml']);
        });

        it('names the solution, its publisher and prefix, the package.json version and the managed flag', () => {
          const manifest = solution.SolutionManifest;
          assert.equal(manifest.UniqueName, crm === 'salesforce' ? 'CosellReferralsSynchronizationSalesforce' : 'CosellReferralsSynchronizationDynamics365');
          assert.equal(String(manifest.Version), version);
          assert.equal(manifest.Managed, managed ? 1 : 0);
          assert.equal(manifest.Publisher.CustomizationPrefix, 'cosell');
        });

        it('lists every flow (29) and the connector (372) as root components, and every flow is a category-5 workflow with its JSON file', () => {
          const roots = solution.SolutionManifest.RootComponents.RootComponent as RootComponent[];
          const workflows = customizations.Workflows.Workflow as WorkflowElement[];
          assert.deepEqual(workflows.map((w) => w['@_Name']), DOCUMENTED_FLOW_ORDER[crm]);
          assert.deepEqual(roots.filter((r) => r['@_type'] === '29').map((r) => r['@_id']), workflows.map((w) => w['@_WorkflowId']));
          const connector = roots.filter((r) => r['@_type'] === '372');
          assert.equal(connector.length, 1);
          assert.equal(connector[0]?.['@_schemaName'], CONNECTOR.schemaName);
          for (const w of workflows) {
            assert.equal(w.Category, 5);
            const path = String(w.JsonFileName).replace(/^\//, '');
            assert.ok(entries[path], `${path} is named by customizations.xml but not in the zip`);
            assert.ok(path.endsWith(`-${String(w['@_WorkflowId']).replace(/[{}]/g, '').toUpperCase()}.json`), path);
            const flow = JSON.parse(decode(entries[path]));
            assert.equal(flow.schemaVersion, '1.0.0.0');
            assert.ok(flow.properties.definition.triggers);
          }
          assert.equal(Object.keys(entries).filter((n) => n.startsWith('Workflows/')).length, workflows.length);
        });

        it('carries the connector files customizations.xml names, with the host from the environment variable', () => {
          const connector = customizations.Connectors.Connector[0] as Record<string, string>;
          const roots = solution.SolutionManifest.RootComponents.RootComponent as RootComponent[];
          assert.equal(connector['name'], CONNECTOR.schemaName);
          assert.equal(String(connector['connectorid']), roots.find((r) => r['@_type'] === '372')?.['@_id']?.replace(/[{}]/g, ''));
          for (const key of ['openapidefinition', 'connectionparameters', 'policytemplateinstances', 'iconblob']) {
            assert.ok(entries[String(connector[key]).replace(/^\//, '')], `${key} ${String(connector[key])}`);
          }
          const swagger = JSON.parse(decode(entries[String(connector['openapidefinition']).replace(/^\//, '')]));
          assert.equal(swagger.host, '@environmentVariables("cosell_ApiHost")');
          const icon = entries[String(connector['iconblob']).replace(/^\//, '')] as Uint8Array;
          assert.deepEqual([...icon.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
        });

        it('declares the connection references the flows use: the connector and the CRM', () => {
          const refs = customizations.connectionreferences.connectionreference as ConnectionReferenceElement[];
          const names = refs.map((r) => r['@_connectionreferencelogicalname']).sort();
          assert.deepEqual(names, crm === 'salesforce' ? ['cosell_sharedcosellreferrals', 'cosell_sharedsalesforce'] : ['cosell_sharedcommondataserviceforapps', 'cosell_sharedcosellreferrals']);
          const custom = refs.find((r) => r['@_connectionreferencelogicalname'] === 'cosell_sharedcosellreferrals');
          assert.equal(String(custom?.customconnectorid?.connectorid), String(customizations.Connectors.Connector[0].connectorid));
          for (const path of Object.keys(entries).filter((n) => n.startsWith('Workflows/'))) {
            const flow = JSON.parse(decode(entries[path])) as FlowFile;
            const used = Object.values(flow.properties.connectionReferences).map((r) => r.connection.connectionReferenceLogicalName);
            for (const u of used) assert.ok(names.includes(u), `${path} uses ${u}`);
          }
        });

        it('defines the API host and the co-sell settings as environment variables', () => {
          for (const v of ENVIRONMENT_VARIABLES) {
            const xml = decode(entries[`environmentvariabledefinitions/${v.schemaName}/environmentvariabledefinition.xml`]);
            const def = parser.parse(xml).environmentvariabledefinition;
            assert.equal(def['@_schemaname'], v.schemaName);
            assert.equal(def.type, v.type === 'String' ? 100000000 : 100000002);
          }
          assert.deepEqual(Object.keys(entries).filter((n) => n.startsWith('environmentvariabledefinitions/')).length, ENVIRONMENT_VARIABLES.length);
        });
      });
    }
  }
});
