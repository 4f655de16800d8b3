import type { OrderedStore } from './store.js';

export type StorageConfig =
  | { readonly kind: 'memory' }
  | { readonly kind: 'lmdb'; readonly path: string }
  /** A PostgreSQL-protocol database, which many Strata nodes may share. */
  | { readonly kind: 'postgres'; readonly url: string };

/** Opens a backend, loading only its own module: each costs tens of milliseconds of startup. */
export async function openStore(config: StorageConfig): Promise<OrderedStore> {
  switch (config.kind) {
    case 'memory': {
      const { MemoryStore } = await import('./memory-store.js');
      return new MemoryStore();
    }
    case 'lmdb': {
      const { LmdbStore } = await import('./lmdb-store.js');
      return LmdbStore.open(config.path);
    }
    case 'postgres': {
      const { PostgresStore } = await import('./postgres-store.js');
      return PostgresStore.open(config.url);
    }
  }
}

/** Whether `location` names a PostgreSQL-protocol database (`postgres://` or `postgresql://`). */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/** The storage location without its password, for logs and the startup line. */
export function describeStorage(config: StorageConfig): string {
  switch (config.kind) {
    case 'memory':
      return 'in memory';
    case 'lmdb':
      return `lmdb at ${config.path}`;
    case 'postgres': {
      const url = new URL(config.url);
      if (url.password !== '') url.password = '***';
      return `postgres at ${url.toString()}`;
    }
  }
}

export type { OrderedStore } from './store.js';
