import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSources, solutionEntries, solutionModel } from '../../solution/build-solution.js';
import { CrmComponentsError, loadCrmComponents } from '../../solution/dynamics-components.js';
import { repositoryRoot } from '../flows/repository.js';

// The Dynamics 365 solution takes its tables and columns from crm-packages/dynamics365 when they
// are there. These tests give it a package of their own, in the packed customizations format.

const CUSTOMIZATIONS = `<?xml version="1.0" encoding="utf-8"?>
<ImportExportXml xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <Entities>
    <Entity>
      <Name LocalizedName="Microsoft Partner Center Solution" OriginalName="Microsoft Partner Center Solution">msp_partnercentersolution</Name>
      <EntityInfo><entity Name="msp_partnercentersolution" /></EntityInfo>
    </Entity>
  </Entities>
  <optionsets />
</ImportExportXml>
`;

describe('Dynamics 365 components from crm-packages/dynamics365', () => {
  let folder: string;
  beforeEach(() => { folder = mkdtempSync(join(tmpdir(), 'd365-')); });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('finds none in a folder without Customizations.xml', () => {
    assert.equal(loadCrmComponents(folder), undefined);
  });

  it('copies the tables into customizations.xml and lists them as root components', () => {
    mkdirSync(join(folder, 'src', 'Other'), { recursive: true });
    writeFileSync(join(folder, 'src', 'Other', 'Customizations.xml'), CUSTOMIZATIONS);
    const components = loadCrmComponents(folder);
    assert.ok(components);
    const sources = { ...loadSources(repositoryRoot), crmComponents: { salesforce: undefined, dynamics365: components } };
    const entries = solutionEntries(solutionModel(sources, 'dynamics365', false));
    const customizations = Buffer.from(entries.get('customizations.xml') as Uint8Array).toString('utf8');
    const solution = Buffer.from(entries.get('solution.xml') as Uint8Array).toString('utf8');
    assert.match(customizations, /<Entities>\s*<Entity>\s*<Name [^>]*>msp_partnercentersolution<\/Name>/);
    assert.match(solution, /<RootComponent type="1" schemaName="msp_partnercentersolution" behavior="0" \/>/);
  });

  it('refuses malformed XML, naming the file', () => {
    writeFileSync(join(folder, 'Customizations.xml'), '<ImportExportXml><Entities></ImportExportXml>');
    assert.throws(() => loadCrmComponents(folder), (e: unknown) => e instanceof CrmComponentsError && e.message.includes('Customizations.xml'));
  });
});
