import assert from 'node:assert/strict';
import { checkReadme } from '../../scripts/connector-validate/rules/readme-rules.js';
import { assertFinds, minimalReadme, minimalSwagger, webhookSwagger } from './fixtures.js';

const swagger = minimalSwagger();
const readme = minimalReadme();
const replace = (from: string, to: string): string => {
  assert.ok(readme.includes(from), `fixture readme lacks ${from}`);
  return readme.replace(from, to);
};

describe('connector readme rule', () => {
  it('accepts a readme with every template section', () => {
    assert.deepEqual(checkReadme(readme, swagger), []);
  });

  it('rejects a readme without a title', () => {
    assertFinds(checkReadme(replace('# Contoso Deals\n', ''), swagger), 'ReadmeTitleMissing');
  });

  it('rejects a title other than the connector title', () => {
    assertFinds(checkReadme(replace('# Contoso Deals\n', '# Deals\n'), swagger), 'ReadmeTitleMismatch', 'line 1');
  });

  it('rejects a readme without a required section', () => {
    assertFinds(checkReadme(replace('## Prerequisites\n', ''), swagger), 'ReadmeSectionMissing', '## Prerequisites');
  });

  it('rejects a readme without the publisher', () => {
    assertFinds(checkReadme(replace('## Publisher: Contoso\n', ''), swagger), 'ReadmeSectionMissing', '## Publisher: …');
  });

  it("rejects a publisher heading without the publisher's name", () => {
    assertFinds(checkReadme(replace('## Publisher: Contoso', '## Publisher:'), swagger), 'ReadmeSectionMissing', 'line 3');
  });

  it('accepts a readme without the optional sections', () => {
    const lean = replace('## Getting Started\nAdd an action.\n', '').replace('## Frequently Asked Questions\n### Is it free?\nYes.\n', '');
    assert.deepEqual(checkReadme(lean, swagger), []);
  });

  it('rejects sections out of template order', () => {
    const swapped = replace('## Prerequisites\nA Contoso account.\n', '').replace('## Deployment Instructions', '## Prerequisites\nA Contoso account.\n## Deployment Instructions');
    assertFinds(checkReadme(swapped, swagger), 'ReadmeSectionOrder');
  });

  it('rejects an operation missing from Supported Operations', () => {
    assertFinds(checkReadme(replace('### Get a deal\n', ''), swagger), 'ReadmeOperationMissing', '## Supported Operations');
  });

  it('rejects an operation listed twice', () => {
    assertFinds(checkReadme(replace('### Get a deal\n', '### Get a deal\n### Get a deal\n'), swagger), 'ReadmeOperationDuplicated');
  });

  it('rejects an operation heading that matches no summary', () => {
    assertFinds(checkReadme(replace('### Get a deal\n', '### Get a deal\n### Delete a deal\n'), swagger), 'ReadmeOperationUnknown');
  });

  it('ignores headings inside code blocks', () => {
    assert.deepEqual(checkReadme(replace('### Get a deal\n', '### Get a deal\n```\n### Delete a deal\n```\n'), swagger), []);
  });

  it('asks no heading for internal operations', () => {
    assert.deepEqual(checkReadme(minimalReadme('Contoso Deals', ['Get a deal', 'When a deal changes']), webhookSwagger()), []);
  });
});
