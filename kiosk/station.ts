// Entry of the kiosk bundle (/assets/station.js).
import './station/bx-kiosk-app.ts';
