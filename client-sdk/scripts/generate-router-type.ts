// Writes client-sdk/src/generated/app-router.ts: the server's AppRouter type with every
// input, output and the error shape expanded into plain types, and the server context
// left out. The SDK's declarations then need only @trpc/server (which @trpc/client
// brings), not the server's source or its dependencies' types.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { appRouter } from '../../src/trpc/root.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const sdkRoot = path.resolve(here, '..');
const repoRoot = path.resolve(sdkRoot, '..');
const out = path.join(sdkRoot, 'src/generated/app-router.ts');
const probe = path.join(sdkRoot, 'src/generated/.probe.ts');

const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { type: 'query' | 'mutation' | 'subscription' } }>);
const access = (p: string) => p.split('.').map((k) => `['${k}']`).join('');
fs.mkdirSync(path.dirname(out), { recursive: true });
const header = [
  `import type { TrackedEnvelope } from '@trpc/server';`,
  `import type { AppRouter } from '../../../src/trpc/root.js';`,
  // Rebuilds object types structurally, so that named interfaces and aliases print as plain shapes.
  `type Expand<T> = T extends Date | FormData | Blob ? T : T extends readonly unknown[] ? { [K in keyof T]: Expand<T[K]> } : T extends object ? { [K in keyof T]: Expand<T[K]> } : T;`,
  `type Yielded<T> = T extends AsyncIterable<infer Y, any, any> ? (Y extends TrackedEnvelope<infer E> ? E : Y) : never;`,
].join('\n');
const probeLines = [
  header,
  `export type ErrorShape = Expand<AppRouter['_def']['_config']['$types']['errorShape']>;`,
  ...procedures.flatMap(([p, procedure], i) => [
    `export type In${i} = Expand<AppRouter${access(p)}['_def']['$types']['input']>;`,
    procedure._def.type === 'subscription'
      ? `export type Out${i} = Expand<Yielded<AppRouter${access(p)}['_def']['$types']['output']>>;`
      : `export type Out${i} = Expand<Awaited<AppRouter${access(p)}['_def']['$types']['output']>>;`,
  ]),
];

const options: ts.CompilerOptions = {
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  target: ts.ScriptTarget.ES2022,
  strict: true,
  skipLibCheck: true,
  types: ['node'],
};
function printAliases(lines: string[]): Map<string, string> {
  fs.writeFileSync(probe, lines.join('\n'));
  const program = ts.createProgram([probe], options);
  const checker = program.getTypeChecker();
  const result = new Map<string, string>();
  for (const statement of program.getSourceFile(probe)!.statements) {
    if (!ts.isTypeAliasDeclaration(statement) || !statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
    const type = checker.getTypeAtLocation(statement.name);
    result.set(statement.name.text, checker.typeToString(type, undefined, ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.InTypeAlias));
  }
  fs.unlinkSync(probe);
  return result;
}
const printed = printAliases(probeLines);

// A union alias (e.g. a status enum) prints by its name: define each such name in the output too.
const known = new Set(['Date', 'AsyncIterable', 'Record', 'TRPC_ERROR_CODE_NUMBER', 'ErrorShape', 'Partial', 'FormData', 'File', 'Blob']);
const sourceFiles = fs.readdirSync(path.join(repoRoot, 'src'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
const extraAliases = new Map<string, string>();
for (let round = 0; round < 3; round++) {
  const texts = [...printed.values(), ...extraAliases.values()].join(' ').replace(/"(?:[^"\\]|\\.)*"/g, '""');
  const missing = [...new Set(texts.match(/\b[A-Z][A-Za-z0-9_]*\b/g) ?? [])].filter((name) => !known.has(name) && !extraAliases.has(name));
  if (missing.length === 0) break;
  const lines = [header];
  for (const name of missing) {
    const file = sourceFiles.find((f) => new RegExp(`export (type|interface) ${name}\\b`).test(fs.readFileSync(path.join(repoRoot, 'src', f), 'utf8')));
    if (!file) throw new Error(`generate-router-type: cannot find the type ${name} in src/`);
    lines.push(`export type ${name} = Expand<import('../../../src/${file.replace(/\.ts$/, '.js')}').${name}>;`);
  }
  for (const [name, text] of printAliases(lines)) extraAliases.set(name, text);
}

// Nest the procedures by path, as the router does.
type Tree = { [key: string]: Tree | string };
const tree: Tree = {};
const kinds = { query: 'TRPCQueryProcedure', mutation: 'TRPCMutationProcedure', subscription: 'TRPCSubscriptionProcedure' };
procedures.forEach(([p, procedure], i) => {
  const keys = p.split('.');
  let node = tree;
  for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Tree;
  const output = procedure._def.type === 'subscription' ? `AsyncIterable<${printed.get(`Out${i}`)}, void, any>` : printed.get(`Out${i}`);
  node[keys.at(-1)!] = `${kinds[procedure._def.type]}<{ input: ${printed.get(`In${i}`)}; output: ${output}; meta: object }>`;
});
const render = (node: Tree, indent: string): string =>
  `{\n${Object.entries(node)
    .map(([key, value]) => `${indent}  ${key}: ${typeof value === 'string' ? value : render(value, `${indent}  `)};`)
    .join('\n')}\n${indent}}`;

const source = `// Generated by client-sdk/scripts/generate-router-type.ts from the server's router. Do not edit.
import type { TRPCBuiltRouter, TRPCMutationProcedure, TRPCQueryProcedure, TRPCSubscriptionProcedure } from '@trpc/server';
import type { TRPC_ERROR_CODE_NUMBER } from '@trpc/server/unstable-core-do-not-import';

type ErrorShape = ${printed.get('ErrorShape')};
${[...extraAliases].map(([name, text]) => `type ${name} = ${text};`).join('\n')}

export type AppRouter = TRPCBuiltRouter<{ ctx: object; meta: object; errorShape: ErrorShape; transformer: true }, ${render(tree, '')}>;
`;
fs.writeFileSync(out, source);
console.log(`wrote ${path.relative(repoRoot, out)}: ${procedures.length} procedures`);
