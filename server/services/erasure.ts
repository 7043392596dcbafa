import type { Mailer } from '../mail/mailer.ts';
import type { Store } from '../store/store.ts';

/**
 * Erases a person from everything this laptop keeps: the store (profile, meetings, digest
 * records) and every kept mail that carries their details (their digest, the digests of people
 * they met, test copies), and then the backup (`afterErasure`). False when there was no such person.
 */
export async function eraseAttendee(
  { store, mailer, afterErasure }: { store: Store; mailer: Mailer; afterErasure: () => Promise<void> },
  id: string,
): Promise<boolean> {
  if (!(await store.eraseAttendee(id))) return false;
  await mailer.discardAbout([id]);
  await afterErasure();
  return true;
}
