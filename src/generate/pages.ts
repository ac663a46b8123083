import { Weighted } from './random.js';

/** A page of the app as an event shows it, with its fixed JSON pieces written once. */
export interface Page {
  name: string;
  /** `"method":"...","page":"...","registration":` */
  head: string;
  /** `,"status":NNN,"ts":` */
  status: string;
  nextSong: boolean;
}

function page(name: string, method: 'GET' | 'PUT', status: 200 | 307 | 404): Page {
  return {
    name,
    head: `"method":"${method}","page":${JSON.stringify(name)},"registration":`,
    status: `,"status":${status},"ts":`,
    nextSong: name === 'NextSong',
  };
}

// Methods and statuses as in the real logs: PUT for actions, 307 (redirect) after a form or login/logout.
const NEXT_SONG = page('NextSong', 'PUT', 200);
const HOME = page('Home', 'GET', 200);
export const LOGIN = page('Login', 'PUT', 307);
export const LOGOUT = page('Logout', 'PUT', 307);
export const SUBMIT_UPGRADE = page('Submit Upgrade', 'PUT', 307);
export const SUBMIT_DOWNGRADE = page('Submit Downgrade', 'PUT', 307);
const ABOUT = page('About', 'GET', 200);
const HELP = page('Help', 'GET', 200);
const SETTINGS = page('Settings', 'GET', 200);
const SAVE_SETTINGS = page('Save Settings', 'PUT', 307);
const ERROR = page('Error', 'GET', 404);
const UPGRADE = page('Upgrade', 'GET', 200);
const DOWNGRADE = page('Downgrade', 'GET', 200);

/**
 * Weights per 1,000 logged-in events, tuned so that overall (with the logged-out browsing) the shares come
 * close to the real sample: NextSong ~85%, Home ~10%, the rest around 1% or less.
 */
const COMMON: [Page, number][] = [
  [NEXT_SONG, 880], [HOME, 82], [LOGOUT, 11.5], [SETTINGS, 7], [HELP, 5], [ABOUT, 3.5], [SAVE_SETTINGS, 1.3], [ERROR, 1.1],
];

/** Free users are shown the upgrade pages, paid users the downgrade pages. */
export const FREE_PAGES = new Weighted<Page>([...COMMON, [UPGRADE, 6], [SUBMIT_UPGRADE, 1.5]]);
export const PAID_PAGES = new Weighted<Page>([...COMMON, [DOWNGRADE, 8], [SUBMIT_DOWNGRADE, 0.4]]);

/** What someone not logged in can do; Login logs them back in. */
export const LOGGED_OUT_PAGES = new Weighted<Page>([[HOME, 60], [LOGIN, 32], [ABOUT, 4], [HELP, 4]]);
