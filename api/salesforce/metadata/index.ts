/** The co-sell Salesforce package: reading it, deploying it, and the start-up check that it is in the org. */
export { DEPLOY_ORDER, type ComponentType, type MetadataRecord, type MetadataValue, type PackageComponent } from './package-components.js';
export { defaultPackageDir } from './package-location.js';
export { METADATA_NAMESPACE, PackageFileError } from './parse-metadata-file.js';
export { readSourcePackage } from './read-source-package.js';
export {
  checkSalesforceSchema, DEPLOY_HINT, describeMissing, formatMissingSchemaMessage, requiredSalesforceSchema, requiredSchemaOf,
  type DescribeObject, type MissingSchemaItem, type RequiredObject,
} from './required-schema.js';
export {
  deploySalesforcePackage, MAX_COMPONENTS_PER_CALL, SalesforceDeployError,
  type ComponentOutcome, type ComponentReport, type DeployOptions, type MetadataConnection,
} from './deploy-package.js';
export { connectSalesforce, DEFAULT_SALESFORCE_API_VERSION, type SalesforceLogin } from './connect.js';
export { describeThrough } from './describe-object.js';
export { loginFromEnv, SALESFORCE_ENV } from './command-settings.js';
