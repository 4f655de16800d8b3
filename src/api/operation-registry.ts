import type { Operation } from './context.js';
import type { StructureShape } from './validation/shape.js';

/**
 * An operation with the shape its requests are validated against, so that a test can
 * hold every request shape to the API model.
 */
export interface DeclaredOperation extends Operation {
  readonly requestShape: StructureShape;
}

/** Loads one operation's module; called on the operation's first request. */
export type OperationLoader = () => Promise<Operation>;

/** One service's operations, by their X-Amz-Target name without the service prefix. */
export type OperationRegistry = ReadonlyMap<string, Operation>;

/**
 * A registry whose operations are each loaded on their first request, not at start:
 * together they pull in the expression parser, decimal arithmetic and most of the
 * validation, which would make the server's first answer (often a ListTables from a
 * test harness waiting for it) wait for all of it.
 *
 * Each operation starts as a stand-in that loads the real one and then puts it in its
 * own place, so the loading costs its first requests alone: later ones find the
 * operation itself, with no check or extra await.
 */
export function loadedOnFirstUse(loaders: Readonly<Record<string, OperationLoader>>): OperationRegistry {
  const operations = new Map<string, Operation>();
  for (const [name, load] of Object.entries(loaders)) {
    let loading: Promise<Operation> | undefined;
    operations.set(name, {
      async execute(body, context) {
        loading ??= load().then((operation) => {
          operations.set(name, operation);
          return operation;
        });
        return (await loading).execute(body, context);
      },
    });
  }
  return operations;
}
