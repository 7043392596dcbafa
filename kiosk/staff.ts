// Entry of the staff console bundle (/assets/staff.js).
import './staff/bx-staff-app.ts';
