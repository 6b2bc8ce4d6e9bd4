import { readFileSync } from 'node:fs';

/** A recorded provider response from src/providers/__fixtures__. */
export function providerFixture(name: string): string {
  return readFileSync(new URL(`../../src/providers/__fixtures__/${name}`, import.meta.url), 'utf8');
}
