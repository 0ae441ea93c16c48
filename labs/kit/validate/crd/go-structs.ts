/**
 * The JSON shape of Go structs, read from Go source: for each `type X struct { … }`, its fields by JSON
 * name (the `json:"…"` tag, or the field name), and the structs it embeds inline. Enough to do what
 * encoding/json's DisallowUnknownFields does with a document, without running Go.
 */
export interface GoStruct {
  name: string;
  /** JSON name (and proto JSON name) → Go type as written (`*ComponentSpec`, `[]string`, `corev1.Probe`). */
  fields: Map<string, string>;
  /** Embedded structs whose fields are promoted (`ComponentSpec`, `metav1.TypeMeta` with `json:",inline"`). */
  inline: string[];
}

const FIELD = /^\s*([A-Za-z_]\w*)\s+([^\s`]+)\s*(?:`([^`]*)`)?/;
const EMBEDDED = /^\s*(\*?[A-Za-z_][\w.]*)\s*(?:`([^`]*)`)?\s*(?:\/\/.*)?$/;

function jsonTag(tags: string | undefined): string | undefined {
  return tags?.match(/json:"([^"]*)"/)?.[1];
}

/** Every struct type of a Go source text. */
export function parseGoStructs(source: string): Map<string, GoStruct> {
  const structs = new Map<string, GoStruct>();
  for (const match of source.matchAll(/^type\s+(\w+)\s+struct\s*\{\n([\s\S]*?)^\}/gm)) {
    const name = match[1] as string;
    const struct: GoStruct = { name, fields: new Map(), inline: [] };
    for (const raw of (match[2] as string).split('\n')) {
      const line = raw.replace(/^\s*\/\/.*$/, '');
      if (!line.trim()) continue;
      const embedded = line.match(EMBEDDED);
      if (embedded) {
        const tag = jsonTag(embedded[2]);
        const name = (embedded[1] as string).replace(/^\*/, '');
        if (tag === undefined || tag.startsWith(',')) struct.inline.push(name);
        else if (tag !== '-') struct.fields.set(tag.split(',')[0] as string, name);
        continue;
      }
      const field = line.match(FIELD);
      if (!field) continue;
      const [, goName = '', goType = ''] = field;
      if (!/^[A-Z]/.test(goName)) continue;
      const tag = jsonTag(field[3]);
      if (tag === '-') continue;
      const jsonName = tag?.split(',')[0] || goName;
      struct.fields.set(jsonName, goType);
      // A generated protobuf struct also answers to its proto JSON name (`json=istio-ingressgateway`),
      // which is how Istio reads values (protomarshal) and how its charts spell them.
      const protoJson = field[3]?.match(/protobuf:"[^"]*\bjson=([^,"]+)/)?.[1];
      if (protoJson) struct.fields.set(protoJson, goType);
    }
    structs.set(name, struct);
  }
  return structs;
}

/** A struct's fields with the inline ones of local embedded structs promoted, as encoding/json sees them. */
export function jsonFields(structs: Map<string, GoStruct>, name: string): Map<string, string> {
  const struct = structs.get(name);
  if (!struct) return new Map();
  const fields = new Map<string, string>();
  for (const embedded of struct.inline) {
    if (embedded === 'metav1.TypeMeta') {
      fields.set('apiVersion', 'string');
      fields.set('kind', 'string');
    } else for (const [key, type] of jsonFields(structs, embedded)) fields.set(key, type);
  }
  for (const [key, type] of struct.fields) fields.set(key, type);
  return fields;
}
