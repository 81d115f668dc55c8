import { swaggerFinding, type Finding } from '../finding.js';
import { asArray, asRecord, asString, nonBlank } from '../json-values.js';
import { containsWord, endsWithAlphanumeric, productNamesIn } from './text-checks.js';

function infoOf(swagger: unknown): Record<string, unknown> | undefined {
  return asRecord(asRecord(swagger)?.['info']);
}

export const MAX_TITLE_LENGTH = 30;

/** info.title: at most 30 characters, no "API", "Connector" or product name, ends alphanumeric. */
export function checkTitle(swagger: unknown): Finding[] {
  const title = asString(infoOf(swagger)?.['title']);
  const at = ['info', 'title'];
  if (title === undefined || title.trim() === '') return [swaggerFinding('TitleMissing', at, 'the connector needs a title')];
  const findings: Finding[] = [];
  if (title.length > MAX_TITLE_LENGTH) findings.push(swaggerFinding('TitleTooLong', at, `"${title}" has ${title.length} characters; at most ${MAX_TITLE_LENGTH}`));
  for (const word of ['API', 'Connector']) {
    if (containsWord(title, word)) findings.push(swaggerFinding('ValueContainsRestrictedWords', at, `"${title}" must not contain "${word}"`));
  }
  for (const name of productNamesIn(title)) findings.push(swaggerFinding('ValueContainsRestrictedWords', at, `"${title}" must not name ${name}`));
  if (!endsWithAlphanumeric(title)) findings.push(swaggerFinding('ValueMustEndWithAlphanumeric', at, `"${title}" must end with a letter or digit`));
  return findings;
}

export const DESCRIPTION_LENGTH = { min: 30, max: 500 } as const;

/** info.description: 30 to 500 characters, without the word "API" or a product name. */
export function checkDescription(swagger: unknown): Finding[] {
  const description = asString(infoOf(swagger)?.['description']);
  const at = ['info', 'description'];
  if (description === undefined) return [swaggerFinding('DescriptionMissing', at, 'the connector needs a description')];
  const findings: Finding[] = [];
  const { min, max } = DESCRIPTION_LENGTH;
  if (description.length < min || description.length > max) {
    findings.push(swaggerFinding('FieldLengthNotInRange', at, `has ${description.length} characters; it must have ${min} to ${max}`));
  }
  if (containsWord(description, 'API')) findings.push(swaggerFinding('ValueContainsRestrictedWords', at, 'must not contain the word "API"'));
  for (const name of productNamesIn(description)) findings.push(swaggerFinding('ValueContainsRestrictedWords', at, `must not name ${name}`));
  return findings;
}

/** info.contact has a name, an http(s) url and an email address. */
export function checkContact(swagger: unknown): Finding[] {
  const contact = asRecord(infoOf(swagger)?.['contact']);
  const at = ['info', 'contact'];
  if (!contact) return [swaggerFinding('ContactMissing', at, 'info.contact with name, url and email is required')];
  const findings: Finding[] = [];
  for (const key of ['name', 'url', 'email'] as const) {
    if (!nonBlank(contact[key])) findings.push(swaggerFinding('ContactMissing', [...at, key], `contact ${key} is required`));
  }
  const url = nonBlank(contact['url']);
  if (url && !/^https?:\/\/\S+$/.test(url)) findings.push(swaggerFinding('ContactNotValid', [...at, 'url'], `"${url}" is not an http(s) URL`));
  const email = nonBlank(contact['email']);
  if (email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) findings.push(swaggerFinding('ContactNotValid', [...at, 'email'], `"${email}" is not an email address`));
  return findings;
}

export const CONNECTOR_CATEGORIES: readonly string[] = [
  'AI', 'Business Management', 'Business Intelligence', 'Collaboration', 'Commerce', 'Communication',
  'Content and Files', 'Finance', 'Data', 'Human Resources', 'Internet of Things', 'IT Operations',
  'Lifestyle and Entertainment', 'Marketing', 'Productivity', 'Sales and CRM', 'Security', 'Social Media', 'Website',
];
export const MAX_CATEGORIES = 2;
const REQUIRED_METADATA = ['Website', 'Privacy policy', 'Categories'] as const;

/** x-ms-connector-metadata holds Website, Privacy policy and at most two valid Categories. */
export function checkConnectorMetadata(swagger: unknown): Finding[] {
  const at = ['x-ms-connector-metadata'];
  const entries = asArray(asRecord(swagger)?.['x-ms-connector-metadata']);
  if (!entries) return [swaggerFinding('ConnectorMetadataPropertiesMissing', at, `add ${REQUIRED_METADATA.join(', ')}`)];
  const findings: Finding[] = [];
  const indexOf = (name: string): number => entries.findIndex((e) => asRecord(e)?.['propertyName'] === name);
  for (const name of REQUIRED_METADATA) {
    const i = indexOf(name);
    if (i === -1 || !nonBlank(asRecord(entries[i])?.['propertyValue'])) {
      findings.push(swaggerFinding('ConnectorMetadataPropertiesMissing', i === -1 ? at : [...at, i, 'propertyValue'], `"${name}" needs a value`));
    }
  }
  for (const name of ['Website', 'Privacy policy']) {
    const i = indexOf(name);
    const value = nonBlank(asRecord(entries[i])?.['propertyValue']);
    if (value && !/^https?:\/\/\S+$/.test(value)) findings.push(swaggerFinding('ConnectorMetadataNotValid', [...at, i, 'propertyValue'], `${name} "${value}" is not an http(s) URL`));
  }
  const c = indexOf('Categories');
  const categories = (nonBlank(asRecord(entries[c])?.['propertyValue']) ?? '').split(';').map((s) => s.trim()).filter((s) => s !== '');
  if (categories.length > MAX_CATEGORIES) {
    findings.push(swaggerFinding('TooManyConnectorCategories', [...at, c, 'propertyValue'], `${categories.length} categories; at most ${MAX_CATEGORIES}`));
  }
  for (const category of categories) {
    if (!CONNECTOR_CATEGORIES.includes(category)) {
      findings.push(swaggerFinding('InvalidConnectorCategory', [...at, c, 'propertyValue'], `"${category}" is not one of: ${CONNECTOR_CATEGORIES.join(', ')}`));
    }
  }
  return findings;
}
