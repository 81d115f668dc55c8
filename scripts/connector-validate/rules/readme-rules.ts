import { readmeFinding, type Finding } from '../finding.js';
import { asRecord, nonBlank } from '../json-values.js';
import { operationsOf, visibilityOf } from '../swagger-walk.js';

// The readme follows microsoft/PowerPlatformConnectors templates/certified-connectors/readme.md.

interface Heading {
  readonly level: number;
  readonly text: string;
  readonly line: number;
}

/** The template's second-level sections, in template order. Publisher is written "## Publisher: Name". */
export const README_SECTIONS: ReadonlyArray<{ readonly name: string; readonly required: boolean }> = [
  { name: 'Publisher', required: true },
  { name: 'Prerequisites', required: true },
  { name: 'Supported Operations', required: true },
  { name: 'Obtaining Credentials', required: true },
  { name: 'Getting Started', required: false },
  { name: 'Known Issues and Limitations', required: true },
  { name: 'Frequently Asked Questions', required: false },
  { name: 'Deployment Instructions', required: true },
];

/** ATX headings outside fenced code blocks. */
export function headingsOf(markdown: string): Heading[] {
  const headings: Heading[] = [];
  let fence: string | undefined;
  markdown.split(/\r?\n/).forEach((raw, i) => {
    const fenceMatch = /^\s{0,3}(`{3,}|~{3,})/.exec(raw);
    if (fenceMatch?.[1]) {
      const marker = fenceMatch[1];
      if (fence === undefined) fence = marker[0];
      else if (marker[0] === fence) fence = undefined;
      return;
    }
    if (fence !== undefined) return;
    const m = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(raw);
    if (m?.[1] && m[2] !== undefined) headings.push({ level: m[1].length, text: m[2], line: i + 1 });
  });
  return headings;
}

function sectionOf(heading: Heading): string | undefined {
  if (/^Publisher:/.test(heading.text)) return 'Publisher';
  return README_SECTIONS.find((s) => s.name === heading.text)?.name;
}

/** The operations a reader can use: every operation except internal ones (such as a webhook's DELETE). */
function visibleSummaries(swagger: unknown): string[] {
  return operationsOf(swagger)
    .filter((op) => visibilityOf(op.operation) !== 'internal')
    .flatMap((op) => nonBlank(op.operation['summary']) ?? []);
}

/** The readme has the template's title and sections in order, and one "###" per operation summary under Supported Operations. */
export function checkReadme(readme: string, swagger: unknown): Finding[] {
  const findings: Finding[] = [];
  const headings = headingsOf(readme);
  const title = headings.find((h) => h.level === 1);
  const swaggerTitle = nonBlank(asRecord(asRecord(swagger)?.['info'])?.['title']);
  if (!title) findings.push(readmeFinding('ReadmeTitleMissing', '# Title', 'the readme must start with "# <connector title>"'));
  else if (swaggerTitle && title.text !== swaggerTitle) findings.push(readmeFinding('ReadmeTitleMismatch', `line ${title.line}`, `"# ${title.text}" should be the connector title "${swaggerTitle}"`));

  const sections = headings.filter((h) => h.level === 2).flatMap((h) => {
    const name = sectionOf(h);
    return name ? [{ name, heading: h }] : [];
  });
  for (const s of README_SECTIONS) {
    if (s.required && !sections.some((found) => found.name === s.name)) {
      findings.push(readmeFinding('ReadmeSectionMissing', `## ${s.name === 'Publisher' ? 'Publisher: …' : s.name}`, 'a required section of the connector readme template is missing'));
    }
  }
  const publisher = sections.find((s) => s.name === 'Publisher');
  if (publisher && !/^Publisher:\s*\S/.test(publisher.heading.text)) findings.push(readmeFinding('ReadmeSectionMissing', `line ${publisher.heading.line}`, 'write the publisher\'s name: "## Publisher: Name"'));
  const order = README_SECTIONS.map((s) => s.name);
  sections.forEach((s, i) => {
    const previous = sections[i - 1];
    if (previous && order.indexOf(s.name) < order.indexOf(previous.name)) {
      findings.push(readmeFinding('ReadmeSectionOrder', `line ${s.heading.line}`, `"## ${s.heading.text}" must come before "## ${previous.heading.text}"`));
    }
  });

  findings.push(...checkSupportedOperations(headings, visibleSummaries(swagger)));
  return findings;
}

function checkSupportedOperations(headings: readonly Heading[], summaries: readonly string[]): Finding[] {
  const start = headings.findIndex((h) => h.level === 2 && h.text === 'Supported Operations');
  if (start === -1) return [];
  const end = headings.findIndex((h, i) => i > start && h.level <= 2);
  const operations = headings.slice(start + 1, end === -1 ? undefined : end).filter((h) => h.level === 3);
  const findings: Finding[] = [];
  for (const summary of summaries) {
    const matches = operations.filter((h) => h.text === summary);
    if (matches.length === 0) findings.push(readmeFinding('ReadmeOperationMissing', '## Supported Operations', `add "### ${summary}"`));
    for (const extra of matches.slice(1)) findings.push(readmeFinding('ReadmeOperationDuplicated', `line ${extra.line}`, `"### ${summary}" appears more than once`));
  }
  for (const h of operations) {
    if (!summaries.includes(h.text)) findings.push(readmeFinding('ReadmeOperationUnknown', `line ${h.line}`, `"### ${h.text}" is not the summary of any operation`));
  }
  return findings;
}
