import type { Item } from './attribute-value.js';
import { itemSizeBytes } from './item-size.js';

/** Bytes before the JSON: the item's DynamoDB size, as a big-endian uint32. */
const SIZE_HEADER_BYTES = 4;

/**
 * An item as stored: its DynamoDB size, then its canonical JSON, which is also its
 * wire form. A read with no projection sends the JSON back without decoding it, and
 * writes learn the size of the item they replace without decoding it either. The
 * decoded item is built on first use.
 */
export class StoredItem {
  private decoded: Item | undefined;

  private constructor(
    readonly bytes: Uint8Array,
    decoded: Item | undefined,
  ) {
    this.decoded = decoded;
  }

  static fromItem(item: Item, sizeBytes: number = itemSizeBytes(item)): StoredItem {
    const json = JSON.stringify(item);
    const bytes = Buffer.allocUnsafe(SIZE_HEADER_BYTES + Buffer.byteLength(json, 'utf8'));
    bytes.writeUInt32BE(sizeBytes, 0);
    bytes.write(json, SIZE_HEADER_BYTES, 'utf8');
    return new StoredItem(bytes, item);
  }

  static fromBytes(bytes: Uint8Array): StoredItem {
    return new StoredItem(bytes, undefined);
  }

  /** The item's size by DynamoDB's rules (model/item-size.ts). */
  get sizeBytes(): number {
    return new DataView(this.bytes.buffer, this.bytes.byteOffset, SIZE_HEADER_BYTES).getUint32(0);
  }

  get item(): Item {
    this.decoded ??= JSON.parse(this.jsonText) as Item;
    return this.decoded;
  }

  get jsonText(): string {
    return Buffer.from(this.bytes.buffer, this.bytes.byteOffset + SIZE_HEADER_BYTES, this.bytes.byteLength - SIZE_HEADER_BYTES).toString('utf8');
  }
}
