/**
 * Who was erased while a journal line naming them was on its way to the disk (the exchange and
 * digest journals write in the background of an erasure): such a line must not bring them back
 * into memory, and goes off the disk again. Ids only, a handful an event; the purge erases everyone.
 *
 * @example
 * const since = erasures.mark();
 * await journal.write(line);
 * if (erasures.goneSince(since, [tap.a, tap.b]).length) … // drop it
 */
export class Erasures {
  readonly #erased = new Set<string>();
  #purges = 0;

  /** The moment a write starts, to ask `goneSince` about once it is durable. */
  mark(): number {
    return this.#purges;
  }

  erase(id: string): void {
    this.#erased.add(id);
  }

  purge(): void {
    this.#purges += 1;
  }

  /** Those of `ids` erased (by themselves or by a purge since `mark`): everyone after a purge. */
  goneSince(mark: number, ids: readonly string[]): string[] {
    return mark === this.#purges ? ids.filter((id) => this.#erased.has(id)) : [...ids];
  }
}
