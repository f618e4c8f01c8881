/** The documented password of every demo user. */
export const DEMO_PASSWORD = 'demo';

export interface DemoUser {
  userName: string;
  firstName: string;
  lastName: string;
  title: string;
  roles: string[];
  timeZone: string;
}

/**
 * One person per DPR role (DOMAIN §5.1). The calendar and template admins also hold
 * `release_user`, because those two roles "do not work by themselves".
 */
export const DEMO_USERS: readonly DemoUser[] = [
  { userName: 'alex.rivera', firstName: 'Alex', lastName: 'Rivera', title: 'Release Admin', roles: ['sn_dpr_model.release_admin'], timeZone: 'America/New_York' },
  { userName: 'priya.shah', firstName: 'Priya', lastName: 'Shah', title: 'Product Manager, Digital Channels', roles: ['sn_dpr_model.product_manager'], timeZone: 'America/New_York' },
  { userName: 'david.okafor', firstName: 'David', lastName: 'Okafor', title: 'Product Manager, Platform Services', roles: ['sn_dpr_model.product_manager'], timeZone: 'America/Chicago' },
  { userName: 'marcus.chen', firstName: 'Marcus', lastName: 'Chen', title: 'Release Coordinator', roles: ['sn_dpr_model.release_coordinator'], timeZone: 'America/Los_Angeles' },
  { userName: 'emma.larsen', firstName: 'Emma', lastName: 'Larsen', title: 'QA Engineer (Release User)', roles: ['sn_dpr_model.release_user'], timeZone: 'Europe/Copenhagen' },
  {
    userName: 'olivia.brooks',
    firstName: 'Olivia',
    lastName: 'Brooks',
    title: 'Release Calendar Admin',
    roles: ['sn_dpr_model.release_calendar_admin', 'sn_dpr_model.release_user'],
    timeZone: 'America/New_York',
  },
  {
    userName: 'daniel.kim',
    firstName: 'Daniel',
    lastName: 'Kim',
    title: 'Release Template Admin',
    roles: ['sn_dpr_model.release_template_admin', 'sn_dpr_model.release_user'],
    timeZone: 'America/Denver',
  },
];
