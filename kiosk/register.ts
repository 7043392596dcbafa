// Entry of the attendee pages' bundle (/assets/register.js): registration, the own page /me/<key>
// and a meeting's take-along page /m/<token>.
import './register/bx-register-app.ts';
import './register/bx-me-app.ts';
import './register/bx-meeting-page.ts';
