import { LmdbStore } from './lmdb-store.js';
import { MemoryStore } from './memory-store.js';
import type { OrderedStore } from './store.js';

export type StorageConfig = { readonly kind: 'memory' } | { readonly kind: 'lmdb'; readonly path: string };

export function openStore(config: StorageConfig): OrderedStore {
  return config.kind === 'memory' ? new MemoryStore() : LmdbStore.open(config.path);
}

export type { OrderedStore } from './store.js';
