// Prints TypeScript types of the server's source as plain, self-contained type text, with
// the compiler's checker: the generators write these into client-sdk/src/generated/.
import fs from 'node:fs';
import ts from 'typescript';

/** Rebuilds object types structurally, so that named interfaces and aliases print as plain shapes. */
export const EXPAND = `type Expand<T> = T extends Date | FormData | Blob ? T : T extends readonly unknown[] ? { [K in keyof T]: Expand<T[K]> } : T extends object ? { [K in keyof T]: Expand<T[K]> } : T;`;

const options: ts.CompilerOptions = {
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  target: ts.ScriptTarget.ES2022,
  strict: true,
  skipLibCheck: true,
  types: ['node'],
};

/** Compiles `lines` as the file `probe` (then removed) and prints the type of each exported alias, by name. */
export function printAliases(probe: string, lines: string[]): Map<string, string> {
  fs.writeFileSync(probe, lines.join('\n'));
  try {
    const program = ts.createProgram([probe], options);
    const checker = program.getTypeChecker();
    const result = new Map<string, string>();
    for (const statement of program.getSourceFile(probe)!.statements) {
      if (!ts.isTypeAliasDeclaration(statement) || !statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
      const type = checker.getTypeAtLocation(statement.name);
      result.set(statement.name.text, checker.typeToString(type, undefined, ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.InTypeAlias));
    }
    return result;
  } finally {
    fs.unlinkSync(probe);
  }
}
