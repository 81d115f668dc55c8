import assert from 'node:assert/strict';
import { loadSources, SolutionBuildError, solutionModel } from '../../solution/build-solution.js';
import { repositoryRoot } from '../flows/repository.js';

describe('solution build', () => {
  it('refuses to package a flow that fails its checks, naming the file and the problem', () => {
    const sources = loadSources(repositoryRoot);
    const salesforce = sources.flows.salesforce;
    const broken = structuredClone(salesforce.flows[1]?.document) as any;
    broken.properties.definition.actions.Sync_the_record_now.inputs.host.operationId = 'SyncEverything';
    const flows = salesforce.flows.map((f, i) => (i === 1 ? { ...f, document: broken } : f));
    assert.throws(() => solutionModel({ ...sources, flows: { ...sources.flows, salesforce: { ...salesforce, flows } } }, 'salesforce', false),
      (e: unknown) => e instanceof SolutionBuildError && e.message.includes('flows/salesforce/create-co-sell-referral-salesforce-to-partner-center.json') && e.message.includes('SyncEverything'));
  });

  it('packs the Dynamics 365 components of crm-packages/dynamics365 when that package has them', function () {
    const sources = loadSources(repositoryRoot);
    const components = sources.crmComponents.dynamics365;
    if (!components) this.skip();
    const model = solutionModel(sources, 'dynamics365', false);
    assert.equal(model.crmComponents, components);
  });
});
