import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Language } from '../../server/i18n/languages.ts';
import { api, type TopicView } from '../api.ts';
import { language } from '../i18n.ts';

/**
 * The topics a person may confirm, named in the page's language: asked again whenever the
 * language changes (checked before each render). Optional: a page that cannot load them works.
 */
export class TopicCatalog implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  #askedIn: Language | null = null;
  topics: TopicView[] = [];

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  hostUpdate(): void {
    if (this.#askedIn === language()) return;
    const lang = (this.#askedIn = language());
    api.topics(lang).then((r) => {
      if (lang !== language()) return;
      this.topics = r.topics;
      this.#host.requestUpdate();
    }, () => {});
  }
}
