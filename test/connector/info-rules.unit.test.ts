import assert from 'node:assert/strict';
import { checkConnectorMetadata, checkContact, checkDescription, checkTitle } from '../../scripts/connector-validate/rules/info-rules.js';
import { assertFinds, minimalSwagger, withValue, without } from './fixtures.js';

const title = (t: string): ReturnType<typeof minimalSwagger> => withValue(minimalSwagger(), ['info', 'title'], t);
const description = (d: string): ReturnType<typeof minimalSwagger> => withValue(minimalSwagger(), ['info', 'description'], d);
const metadata = (entries: unknown[]): ReturnType<typeof minimalSwagger> => withValue(minimalSwagger(), ['x-ms-connector-metadata'], entries);
const WEBSITE = { propertyName: 'Website', propertyValue: 'https://contoso.example' };
const PRIVACY = { propertyName: 'Privacy policy', propertyValue: 'https://contoso.example/privacy' };

describe('connector info rules', () => {
  it('accept the minimal connector', () => {
    const doc = minimalSwagger();
    assert.deepEqual([...checkTitle(doc), ...checkDescription(doc), ...checkContact(doc), ...checkConnectorMetadata(doc)], []);
  });

  it('reject a title over 30 characters', () => {
    assertFinds(checkTitle(title('Contoso Deals and Opportunities Hub')), 'TitleTooLong', '$.info.title');
  });

  it('reject a title with the word API', () => {
    assertFinds(checkTitle(title('Contoso Deals API')), 'ValueContainsRestrictedWords', '$.info.title');
  });

  it('reject a title with the word Connector', () => {
    assertFinds(checkTitle(title('Contoso connector')), 'ValueContainsRestrictedWords', '$.info.title');
  });

  it('reject a title naming a Power Platform product', () => {
    assertFinds(checkTitle(title('Contoso for PowerApps')), 'ValueContainsRestrictedWords', '$.info.title');
  });

  it('reject a title ending with punctuation', () => {
    assertFinds(checkTitle(title('Contoso Deals!')), 'ValueMustEndWithAlphanumeric', '$.info.title');
  });

  it('reject a title ending with a space', () => {
    assertFinds(checkTitle(title('Contoso Deals ')), 'ValueMustEndWithAlphanumeric', '$.info.title');
  });

  it('reject a missing title', () => {
    assertFinds(checkTitle(without(minimalSwagger(), ['info', 'title'])), 'TitleMissing', '$.info.title');
  });

  it('reject a description under 30 characters', () => {
    assertFinds(checkDescription(description('Contoso deals.')), 'FieldLengthNotInRange', '$.info.description');
  });

  it('reject a description over 500 characters', () => {
    assertFinds(checkDescription(description(`${'Deals. '.repeat(72)}`)), 'FieldLengthNotInRange', '$.info.description');
  });

  it('reject a description with the word API', () => {
    assertFinds(checkDescription(description('Work with deals through the Contoso API from your flows.')), 'ValueContainsRestrictedWords', '$.info.description');
  });

  it('reject a description naming a Power Platform product', () => {
    assertFinds(checkDescription(description('Work with Contoso deals from Power Automate flows.')), 'ValueContainsRestrictedWords', '$.info.description');
  });

  it('accept a description with "api" inside another word', () => {
    assert.deepEqual(checkDescription(description('Work with Contoso deals rapidly, one deal at a time.')), []);
  });

  it('reject a missing contact', () => {
    assertFinds(checkContact(without(minimalSwagger(), ['info', 'contact'])), 'ContactMissing', '$.info.contact');
  });

  it('reject a contact without an email', () => {
    assertFinds(checkContact(without(minimalSwagger(), ['info', 'contact', 'email'])), 'ContactMissing', '$.info.contact.email');
  });

  it('reject a contact url that is not an http(s) URL', () => {
    assertFinds(checkContact(withValue(minimalSwagger(), ['info', 'contact', 'url'], 'contoso.example')), 'ContactNotValid', '$.info.contact.url');
  });

  it('reject missing connector metadata', () => {
    assertFinds(checkConnectorMetadata(without(minimalSwagger(), ['x-ms-connector-metadata'])), 'ConnectorMetadataPropertiesMissing', "$['x-ms-connector-metadata']");
  });

  it('reject connector metadata without a privacy policy', () => {
    const findings = checkConnectorMetadata(metadata([WEBSITE, { propertyName: 'Categories', propertyValue: 'Data' }]));
    assertFinds(findings, 'ConnectorMetadataPropertiesMissing', "$['x-ms-connector-metadata']");
  });

  it('reject more than two categories', () => {
    const findings = checkConnectorMetadata(metadata([WEBSITE, PRIVACY, { propertyName: 'Categories', propertyValue: 'Data;Sales and CRM;Productivity' }]));
    assertFinds(findings, 'TooManyConnectorCategories', "$['x-ms-connector-metadata'][2].propertyValue");
  });

  it('reject a category that is not in the list', () => {
    const findings = checkConnectorMetadata(metadata([WEBSITE, PRIVACY, { propertyName: 'Categories', propertyValue: 'Sales;Data' }]));
    assertFinds(findings, 'InvalidConnectorCategory', "$['x-ms-connector-metadata'][2].propertyValue");
  });
});
