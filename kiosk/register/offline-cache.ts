/** The cache the own page's service worker keeps the page in; bx-me-app deletes it with the link (erased, replaced). */
export const OFFLINE_CACHE = 'bx-me-offline';
