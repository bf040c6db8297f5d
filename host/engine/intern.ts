// Names → small integers for the engine. Id 0 is always the empty name: a node without a zone label
// has zone 0, an endpoint without nodeName has node 0.
export class Interner {
  private readonly ids = new Map<string, number>([['', 0]]);
  readonly names: string[] = [''];

  id(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.ids.set(name, id);
      this.names.push(name);
    }
    return id;
  }

  /** Id of a known name, or undefined: lookups must not grow a snapshot's tables. */
  find(name: string): number | undefined {
    return this.ids.get(name);
  }

  get size(): number {
    return this.names.length;
  }
}
