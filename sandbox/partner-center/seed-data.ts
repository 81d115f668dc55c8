/**
 * Vocabulary for demo referrals: Microsoft's fictitious company names, addresses per country
 * (ISO 3166 alpha-2), and the 2019 tag taxonomy from the Referrals docs (§2.7).
 */

export interface Locality {
  country: string;
  currency: string;
  locale: string;
  legalSuffix: string;
  domain: string;
  phonePrefix: string;
  places: ReadonlyArray<{ city: string; state: string | null; postalCode: string; street: string }>;
}

export const LOCALITIES: readonly Locality[] = [
  { country: 'US', currency: 'USD', locale: 'en-us', legalSuffix: 'Inc', domain: 'com', phonePrefix: '+1 ', places: [
    { city: 'Redmond', state: 'WA', postalCode: '98052', street: 'One Microsoft Way' },
    { city: 'Seattle', state: 'WA', postalCode: '98101', street: '1200 4th Ave' },
    { city: 'New York', state: 'NY', postalCode: '10001', street: '350 5th Ave' },
    { city: 'Austin', state: 'TX', postalCode: '78701', street: '500 Congress Ave' },
    { city: 'Chicago', state: 'IL', postalCode: '60601', street: '100 E Randolph St' },
  ] },
  { country: 'GB', currency: 'GBP', locale: 'en-gb', legalSuffix: 'Ltd', domain: 'co.uk', phonePrefix: '+44 ', places: [
    { city: 'London', state: null, postalCode: 'EC1A 1BB', street: '2 Kingdom Street' },
    { city: 'Manchester', state: null, postalCode: 'M1 1AE', street: '1 Piccadilly Gardens' },
    { city: 'Reading', state: null, postalCode: 'RG6 1WG', street: 'Thames Valley Park' },
  ] },
  { country: 'DE', currency: 'EUR', locale: 'de-de', legalSuffix: 'GmbH', domain: 'de', phonePrefix: '+49 ', places: [
    { city: 'München', state: 'BY', postalCode: '80807', street: 'Walter-Gropius-Straße 5' },
    { city: 'Berlin', state: 'BE', postalCode: '10117', street: 'Unter den Linden 17' },
    { city: 'Hamburg', state: 'HH', postalCode: '20457', street: 'Am Sandtorkai 50' },
  ] },
  { country: 'FR', currency: 'EUR', locale: 'fr-fr', legalSuffix: 'SAS', domain: 'fr', phonePrefix: '+33 ', places: [
    { city: 'Issy-les-Moulineaux', state: null, postalCode: '92130', street: '39 Quai du Président Roosevelt' },
    { city: 'Lyon', state: null, postalCode: '69002', street: '10 Place Bellecour' },
    { city: 'Paris', state: null, postalCode: '75008', street: '25 Rue de Courcelles' },
  ] },
  { country: 'JP', currency: 'JPY', locale: 'ja-jp', legalSuffix: 'K.K.', domain: 'co.jp', phonePrefix: '+81 ', places: [
    { city: 'Minato-ku', state: 'Tokyo', postalCode: '108-0075', street: '2-16-3 Konan' },
    { city: 'Osaka', state: 'Osaka', postalCode: '530-0001', street: '2-4-9 Umeda' },
  ] },
  { country: 'CA', currency: 'CAD', locale: 'en-ca', legalSuffix: 'Ltd', domain: 'ca', phonePrefix: '+1 ', places: [
    { city: 'Toronto', state: 'ON', postalCode: 'M5J 2T3', street: '81 Bay Street' },
    { city: 'Vancouver', state: 'BC', postalCode: 'V6C 1T2', street: '725 Granville St' },
  ] },
  { country: 'AU', currency: 'AUD', locale: 'en-au', legalSuffix: 'Pty Ltd', domain: 'com.au', phonePrefix: '+61 ', places: [
    { city: 'Sydney', state: 'NSW', postalCode: '2113', street: '11 Talavera Road' },
    { city: 'Melbourne', state: 'VIC', postalCode: '3000', street: '120 Spencer St' },
  ] },
  { country: 'NL', currency: 'EUR', locale: 'nl-nl', legalSuffix: 'B.V.', domain: 'nl', phonePrefix: '+31 ', places: [
    { city: 'Amsterdam', state: null, postalCode: '1083 HN', street: 'Evert van de Beekstraat 354' },
  ] },
  { country: 'IN', currency: 'INR', locale: 'en-in', legalSuffix: 'Pvt Ltd', domain: 'co.in', phonePrefix: '+91 ', places: [
    { city: 'Bengaluru', state: 'KA', postalCode: '560001', street: 'Embassy Golf Links' },
    { city: 'Hyderabad', state: 'TG', postalCode: '500032', street: 'Gachibowli' },
  ] },
  { country: 'BR', currency: 'BRL', locale: 'pt-br', legalSuffix: 'Ltda', domain: 'com.br', phonePrefix: '+55 ', places: [
    { city: 'São Paulo', state: 'SP', postalCode: '04711-130', street: 'Av. Nações Unidas 12901' },
  ] },
];

export const COMPANY_NAMES = [
  'Adventure Works', 'Alpine Ski House', 'Bellows College', 'Best For You Organics', 'Blue Yonder Airlines',
  'City Power & Light', 'Coho Winery', 'Consolidated Messenger', 'Contoso Pharmaceuticals', 'Fabrikam',
  'Fourth Coffee', 'Graphic Design Institute', 'Humongous Insurance', 'Lamna Healthcare', 'Litware',
  'Lucerne Publishing', 'Margie\'s Travel', 'Northwind Traders', 'Proseware', 'Relecloud', 'School of Fine Art',
  'Southridge Video', 'Tailspin Toys', 'Trey Research', 'VanArsdel', 'Wide World Importers', 'Wingtip Toys',
  'Woodgrove Bank', 'A. Datum', 'First Up Consultants',
] as const;

export const FIRST_NAMES = [
  'Avery', 'Sam', 'Priya', 'Jonas', 'Camille', 'Haruto', 'Sofia', 'Liam', 'Amara', 'Mateo', 'Yuki', 'Noah',
  'Elena', 'Ravi', 'Chloé', 'Lukas', 'Aisha', 'Oliver', 'Mei', 'Diego',
] as const;

export const LAST_NAMES = [
  'Smith', 'Garcia', 'Müller', 'Dubois', 'Tanaka', 'Patel', 'Johnson', 'Rossi', 'Kim', 'Nguyen', 'Silva',
  'Brown', 'Schmidt', 'Martin', 'Sato', 'Okafor', 'Jensen', 'Khan', 'Lopez', 'Wilson',
] as const;

export const PRODUCTS = [
  'Azure', 'EnterpriseMobilityAndSecurity', 'Dynamics365Business', 'Dynamics365Enterprise', 'Microsoft365',
  'Office', 'PowerBI', 'SQL', 'Teams', 'Windows', 'SharePoint', 'Surface',
] as const;

export const SERVICES = [
  'ConsultingAndProfessional', 'CustomSolution(ISV)', 'DeploymentOrMigration', 'Integration', 'IPServices(ISV)',
  'LearningAndCertification', 'Licensing', 'ManagedServices', 'ProjectServices',
] as const;

export const INDUSTRIES = [
  'Communications & Media', 'Education', 'Financial Services', 'Government', 'Healthcare', 'Hospitality',
  'Manufacturing', 'Power & Utilities', 'Retail & Consumer Goods', 'Travel & Transportation', 'Wholesale & Distribution',
] as const;

export const CATEGORY_SOLUTIONS = [
  ['AdvancedAnalytics', 'Advanced Analytics'], ['ArtificialIntelligence', 'Artificial Intelligence'],
  ['CloudMigration', 'Cloud Migration'], ['DataWarehouse', 'Data Warehouse'],
  ['Dynamics365forFieldService', 'Dynamics 365 for Field Service'], ['Dynamics365forSales', 'Dynamics 365 for Sales'],
  ['IdentityandAccessManagement', 'Identity and Access Management'], ['InternetofThings', 'Internet of Things'],
  ['SAPonAzure', 'SAP on Azure'], ['ThreatProtection', 'Threat Protection'],
] as const;

export const PARTNER_SOLUTION_NAMES = [
  'Contoso Supply Chain Insights', 'Contoso Secure Workplace', 'Contoso Field Ops Accelerator',
  'Contoso Retail Analytics', 'Contoso Cloud Landing Zone',
] as const;

export const CUSTOMER_SIZES = [
  '1to9employees', '10to50employees', '51to250employees', '251to1000employees', '1001to5000employees',
  '5001to10000employees', '10001to20000employees', 'Morethan20000employees',
] as const;

export const MICROSOFT_SELLERS = [
  ['Dana', 'Whitfield'], ['Kenji', 'Mori'], ['Ingrid', 'Larsen'], ['Marcus', 'Bell'], ['Anika', 'Roy'],
] as const;

/** Deal values in thousands of US dollars; converted roughly per currency. */
export const CURRENCY_FACTOR: Readonly<Record<string, number>> = {
  USD: 1, GBP: 0.8, EUR: 0.9, JPY: 150, CAD: 1.35, AUD: 1.5, INR: 83, BRL: 5,
};
