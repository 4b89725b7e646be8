/** The name of the session cookie (its value is the session token; the database holds only its hash). */
export const SESSION_COOKIE = 'zm_session';
