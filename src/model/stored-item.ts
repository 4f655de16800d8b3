import type { Item } from './attribute-value.js';

/**
 * An item as stored: its canonical JSON bytes, which are also its wire form, so a
 * read with no projection sends the bytes back without decoding them. The decoded
 * item is built on first use.
 */
export class StoredItem {
  private decoded: Item | undefined;

  private constructor(readonly bytes: Uint8Array, decoded: Item | undefined) {
    this.decoded = decoded;
  }

  static fromItem(item: Item): StoredItem {
    return new StoredItem(Buffer.from(JSON.stringify(item), 'utf8'), item);
  }

  static fromBytes(bytes: Uint8Array): StoredItem {
    return new StoredItem(bytes, undefined);
  }

  get item(): Item {
    this.decoded ??= JSON.parse(this.jsonText) as Item;
    return this.decoded;
  }

  get jsonText(): string {
    return Buffer.from(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength).toString('utf8');
  }
}
