import { expressionCorpus } from './expression-corpus.js';
import { createTableBody, differentialSuite, freshTableName, type DifferentialCase } from './harness.js';

/** Generated cases; the seed is fixed so that every run, and every failure, reproduces. */
const CORPUS_CASES = 2100;
const CORPUS_SEED = 20261125;

const table = freshTableName('expressions');
const setup: DifferentialCase = { name: 'create the corpus table', steps: [{ operation: 'CreateTable', body: createTableBody(table, { hash: ['pk', 'S'] }) }] };

differentialSuite('differential: generated expression corpus', [setup, ...expressionCorpus(table, CORPUS_CASES, CORPUS_SEED)]);
