import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const FIXTURE = fileURLToPath(new URL('./fixtures/incomplete-language.ts', import.meta.url));

/**
 * The typecheck is what stops a language file that misses a text: compile the fixture without
 * its `@ts-expect-error` marks and read what TypeScript says (the project's own options).
 */
function diagnosticsWithoutExpectations(): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(
    fileURLToPath(new URL('../../tsconfig.json', import.meta.url)),
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
  );
  if (!config) throw new Error('tsconfig.json does not read');
  const text = readFileSync(FIXTURE, 'utf8').replace(/\/\/ @ts-expect-error.*\n/g, '\n');
  const host = ts.createCompilerHost(config.options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version, onError) =>
    name === FIXTURE ? ts.createSourceFile(name, text, version) : read(name, version, onError);
  const program = ts.createProgram([FIXTURE], config.options, host);
  return ts
    .getPreEmitDiagnostics(program, program.getSourceFile(FIXTURE))
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('a language file', () => {
  it('that misses a text or has an unknown one fails the typecheck, naming the key', () => {
    const said = diagnosticsWithoutExpectations();
    expect(said.some((m) => m.includes("'remindMe'") && m.includes('missing'))).toBe(true);
    expect(said.some((m) => m.includes('remindMee'))).toBe(true);
  });
});
