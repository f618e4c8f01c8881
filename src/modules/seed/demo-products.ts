/** Products and services with their versions (CONTRACT §4: versions are `cmdb_sw_component_model`). */
export interface DemoProduct {
  name: string;
  table: 'cmdb_application_product_model' | 'cmdb_service_product_model';
  shortDescription: string;
  description: string;
  owner: string;
  versions: string[];
}

export const DEMO_PRODUCTS: readonly DemoProduct[] = [
  {
    name: 'Mobile Banking App',
    table: 'cmdb_application_product_model',
    shortDescription: 'Retail banking app for iOS and Android',
    description: 'Balances, transfers, card controls and spending insights for 2.3 million retail customers.',
    owner: 'priya.shah',
    versions: ['3.7.0', '3.8.0', '3.9.0'],
  },
  {
    name: 'Customer Portal',
    table: 'cmdb_application_product_model',
    shortDescription: 'Self-service web portal for retail and business customers',
    description: 'Statements, document upload, secure messaging and account settings on the web.',
    owner: 'priya.shah',
    versions: ['2.3.0', '2.4.0'],
  },
  {
    name: 'Loan Origination System',
    table: 'cmdb_application_product_model',
    shortDescription: 'Loan application, underwriting and decisioning',
    description: 'Handles consumer and small-business loan applications from intake to funding.',
    owner: 'priya.shah',
    versions: ['5.1.0'],
  },
  {
    name: 'Payments Service',
    table: 'cmdb_service_product_model',
    shortDescription: 'Card and account-to-account payment processing',
    description: 'Authorises card payments and executes ACH, RTP and FedNow transfers for every channel.',
    owner: 'david.okafor',
    versions: ['2.4.0', '2.5.0'],
  },
  {
    name: 'Identity & Access Service',
    table: 'cmdb_service_product_model',
    shortDescription: 'Single sign-on, MFA and customer identity',
    description: 'Customer and employee authentication, multi-factor enrolment and session management.',
    owner: 'david.okafor',
    versions: ['1.12.0'],
  },
  {
    name: 'Notification Service',
    table: 'cmdb_service_product_model',
    shortDescription: 'Push, e-mail and SMS delivery for all channels',
    description: 'Templated customer notifications with delivery tracking and rate limiting.',
    owner: 'david.okafor',
    versions: ['4.2.0'],
  },
];

/** CONTRACT §8: a version's name is `<product name> <version>`. */
export const versionName = (product: string, version: string) => `${product} ${version}`;
