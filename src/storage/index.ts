import type { OrderedStore } from './store.js';

export type StorageConfig = { readonly kind: 'memory' } | { readonly kind: 'lmdb'; readonly path: string };

/** Opens a backend, loading only its own module: each costs tens of milliseconds of startup. */
export async function openStore(config: StorageConfig): Promise<OrderedStore> {
  if (config.kind === 'memory') {
    const { MemoryStore } = await import('./memory-store.js');
    return new MemoryStore();
  }
  const { LmdbStore } = await import('./lmdb-store.js');
  return LmdbStore.open(config.path);
}

export type { OrderedStore } from './store.js';
