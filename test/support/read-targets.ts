import type { ReadTarget } from '../../src/engine/read-target.js';

/** Read targets the key-condition and PartiQL planning tests share. */

/** A table keyed by pk (S) and sk (N). */
export const NUMBERED: ReadTarget = { tableId: 1, indexId: 0, partitionKeys: [{ name: 'pk', type: 'S' }], sortKeys: [{ name: 'sk', type: 'N' }] };
/** A table keyed by pk (S) and sk (S). */
export const NAMED: ReadTarget = { tableId: 1, indexId: 0, partitionKeys: [{ name: 'pk', type: 'S' }], sortKeys: [{ name: 'sk', type: 'S' }] };
/** A GSI with a multi-attribute key: partition (a S, b N), sort (c S, d N, e S). */
export const MULTI: ReadTarget = {
  tableId: 1,
  indexId: 1,
  partitionKeys: [
    { name: 'a', type: 'S' },
    { name: 'b', type: 'N' },
  ],
  sortKeys: [
    { name: 'c', type: 'S' },
    { name: 'd', type: 'N' },
    { name: 'e', type: 'S' },
  ],
};
