import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { AWS_MESSAGES } from '../../src/model/aws-messages.js';

const SOURCE_ROOT = fileURLToPath(new URL('../../src/', import.meta.url));

function sourceFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** A public record: an owner/repository#number, or a file of an owner/repository. */
const PUBLIC_RECORD = /[\w.-]+\/[\w.-]+(#\d+| [\w./-]+\.(json|ts|md))/;

describe('the table of AWS messages', () => {
  it('names a public record of AWS’s answer for every message', () => {
    for (const [name, message] of Object.entries(AWS_MESSAGES)) {
      assert.match(message.source, PUBLIC_RECORD, `${name} must say where AWS answered it`);
    }
  });

  it('holds only messages the server throws', () => {
    const code = sourceFiles(SOURCE_ROOT)
      .filter((path) => !path.endsWith('aws-messages.ts'))
      .map((path) => readFileSync(path, 'utf8'))
      .join('\n');
    for (const name of Object.keys(AWS_MESSAGES)) assert.ok(code.includes(`AWS_MESSAGES.${name}.`), `${name} is never thrown`);
  });

  it('keeps AWS’s own spelling, typos included', () => {
    assert.equal(
      AWS_MESSAGES.partitionKeyTooLarge.text(2048),
      'One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes',
    );
    assert.equal(AWS_MESSAGES.emptyStringSet.text, 'One or more parameter values were invalid: An string set  may not be empty');
    assert.equal(
      AWS_MESSAGES.transactionCancelled.text(['ConditionalCheckFailed', 'None']),
      'Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed, None]',
    );
  });
});
