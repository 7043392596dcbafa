// Entry of the registration and personal-link bundle (/assets/register.js).
import './register/bx-register-app.ts';
