// What the views share with the shell without importing it (no import cycle): drawing the current
// route again after an action, and wording an API error the same way everywhere. The shell
// (app.js) tells it how to draw a route.
import { ApiError } from './api.js';
import { t } from './dom.js';

let draw = async () => undefined;

/** The shell's drawing of the current route. */
export function onRoute(render) {
  draw = render;
}

/** Draws the current route again (its data reloaded). */
export function route() {
  return draw();
}

export function errorText(error) {
  if (error instanceof ApiError) {
    if (error.status === 401) return t('errors.sessionExpired');
    if (error.status === 403) return t('errors.forbidden');
    if (error.status === 404) return t('errors.notFound');
    if (error.status === 503) return t('errors.unavailable');
    if (error.status === 400) return error.message;
  }
  return t('errors.generic');
}
