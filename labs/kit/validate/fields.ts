import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/**
 * kubernetes-models validates types and required fields but lets unknown fields
 * through, and a typo such as `volumeMount:` is then silently ignored offline yet
 * refused by the API server's strict field validation. This walks an object
 * against the TypeScript declarations that ship with kubernetes-models, read with
 * the TypeScript checker, and names every field the pinned schema does not have.
 */
let checker: ts.TypeChecker | undefined;
let program: ts.Program | undefined;
const roots = new Map<string, ts.Type | null>();

function declarationIndex(apiVersion: string): string | undefined {
  try {
    const file = fileURLToPath(import.meta.resolve(`kubernetes-models/${apiVersion}`)).replace(/\.js$/, '.d.ts');
    return existsSync(file) ? file : undefined;
  } catch {
    return undefined;
  }
}

/** One program holds the declarations of every apiVersion seen so far; it grows once per new apiVersion. */
function rootType(apiVersion: string, kind: string): ts.Type | undefined {
  const key = `${apiVersion}/${kind}`;
  if (roots.has(key)) return roots.get(key) ?? undefined;
  const index = declarationIndex(apiVersion);
  if (!index) {
    roots.set(key, null);
    return undefined;
  }
  if (!program?.getRootFileNames().includes(index)) {
    program = ts.createProgram(
      [...(program?.getRootFileNames() ?? []), index],
      { noEmit: true, skipLibCheck: true, types: [] },
      undefined,
      program,
    );
    checker = program.getTypeChecker();
    roots.clear();
  }
  const file = join(dirname(index), `${kind}.d.ts`);
  const source = program.getSourceFile(file);
  const symbol = source && checker?.getSymbolAtLocation(source);
  const exported = symbol
    ? checker?.getExportsOfModule(symbol).find((candidate) => candidate.name === `I${kind}`)
    : undefined;
  const type = exported ? checker?.getDeclaredTypeOfSymbol(exported) : undefined;
  roots.set(key, type ?? null);
  return type;
}

function objectParts(type: ts.Type): ts.Type[] {
  const parts = type.isUnion() ? type.types : [type];
  return parts.filter((part) => (part.flags & ts.TypeFlags.Object) !== 0);
}

function walk(value: unknown, type: ts.Type, path: string, found: string[]): void {
  if (!checker || value === null || typeof value !== 'object') return;
  const tc = checker;
  const candidates = objectParts(type.getNonNullableType());
  if (candidates.length === 0) return;
  if (Array.isArray(value)) {
    const arrayType = candidates.find((candidate) => tc.isArrayType(candidate));
    const element = arrayType ? tc.getTypeArguments(arrayType as ts.TypeReference)[0] : undefined;
    if (element) {
      for (const [index, item] of value.entries()) walk(item, element, `${path}[${index}]`, found);
    }
    return;
  }
  const shape = candidates.find((candidate) => !tc.isArrayType(candidate));
  if (!shape) return;
  const index = shape.getStringIndexType();
  const properties = new Map(tc.getPropertiesOfType(shape).map((property) => [property.name, property]));
  if (properties.size === 0 && !index) return;
  for (const [key, child] of Object.entries(value)) {
    const where = path ? `${path}.${key}` : key;
    const property = properties.get(key);
    if (property) walk(child, tc.getTypeOfSymbol(property), where, found);
    else if (index) walk(child, index, where, found);
    else found.push(where);
  }
}

/** Fields of a Kubernetes object that its pinned schema does not know; undefined when the kind has no declaration. */
export function unknownFields(object: { apiVersion: string; kind: string }): string[] | undefined {
  const type = rootType(object.apiVersion, object.kind);
  if (!type) return undefined;
  const found: string[] = [];
  walk(object, type, '', found);
  return found;
}
