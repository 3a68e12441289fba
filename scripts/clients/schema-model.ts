/** The wire types of @colyseus/schema that a field can hold directly. */
const PRIMITIVE_TYPES = ["string", "number", "boolean", "int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64", "float32", "float64"] as const;
export type PrimitiveType = (typeof PRIMITIVE_TYPES)[number];

/** The collections this generator knows, by their metadata key. */
const COLLECTION_TYPES = ["map", "array"] as const;
export type CollectionType = (typeof COLLECTION_TYPES)[number];

export type FieldType =
  | { kind: "primitive"; type: PrimitiveType }
  | { kind: "ref"; className: string }
  | { kind: "collection"; collection: CollectionType; child: { kind: "primitive"; type: PrimitiveType } | { kind: "ref"; className: string } };

export interface SchemaField {
  index: number;
  name: string;
  type: FieldType;
}

export interface SchemaClass {
  name: string;
  fields: SchemaField[];
}

// A class made with schema({...}): its metadata is read at run time, so only its identity matters here.
type SchemaConstructor = Function;

interface MetadataField {
  index: number;
  name: string;
  type: unknown;
}

/**
 * The schema classes reachable from a root state class, read from @colyseus/schema's runtime metadata
 * (Symbol.metadata: one entry per field index): the same indexes, names and wire types the server encodes.
 * Classes come in the order they are first reached (root first, then each field's class in index order).
 */
export function readSchemaClasses(root: SchemaConstructor): SchemaClass[] {
  const classes: SchemaClass[] = [];
  const seen = new Map<SchemaConstructor, string>();
  const queue: SchemaConstructor[] = [root];
  const nameOf = (klass: SchemaConstructor): string => {
    const known = seen.get(klass);
    if (known) return known;
    seen.set(klass, klass.name);
    queue.push(klass);
    return klass.name;
  };
  seen.set(root, root.name);
  while (queue.length > 0) {
    const klass = queue.shift()!;
    if (Object.getPrototypeOf(klass).name !== "Schema") {
      throw new Error(`schema class "${klass.name}" extends "${Object.getPrototypeOf(klass).name}": inherited schema classes are not supported by scripts/clients; define it with schema({...}) on its own`);
    }
    classes.push({ name: klass.name, fields: fieldsOf(klass).map((field) => ({ index: field.index, name: field.name, type: fieldType(klass.name, field, nameOf) })) });
  }
  const names = new Set<string>();
  for (const { name } of classes) {
    if (names.has(name)) throw new Error(`two schema classes are named "${name}": give each schema({...}, "Name") a distinct name`);
    names.add(name);
  }
  return classes;
}

function fieldsOf(klass: SchemaConstructor): MetadataField[] {
  const metadata = (klass as unknown as Record<symbol, Record<string, MetadataField> | undefined>)[Symbol.metadata];
  if (!metadata) throw new Error(`"${klass.name}" has no schema metadata: is it a class made with schema({...}) from @colyseus/schema?`);
  return Object.keys(metadata)
    .filter((key) => /^\d+$/.test(key))
    .map((key) => metadata[key]!)
    .sort((a, b) => a.index - b.index);
}

function fieldType(className: string, field: MetadataField, nameOf: (klass: SchemaConstructor) => string): FieldType {
  const where = `${className}.${field.name}`;
  const single = (type: unknown): { kind: "primitive"; type: PrimitiveType } | { kind: "ref"; className: string } => {
    if (typeof type === "string" && (PRIMITIVE_TYPES as readonly string[]).includes(type)) return { kind: "primitive", type: type as PrimitiveType };
    if (typeof type === "function") return { kind: "ref", className: nameOf(type as SchemaConstructor) };
    throw new Error(`${where}: unsupported schema type ${JSON.stringify(type)}; scripts/clients knows ${PRIMITIVE_TYPES.join(", ")}, schema classes, ${COLLECTION_TYPES.join(" and ")}`);
  };
  const { type } = field;
  if (typeof type === "object" && type !== null) {
    const [collection, ...rest] = Object.keys(type);
    if (rest.length === 0 && (COLLECTION_TYPES as readonly string[]).includes(collection ?? "")) {
      return { kind: "collection", collection: collection as CollectionType, child: single((type as Record<string, unknown>)[collection!]) };
    }
    throw new Error(`${where}: unsupported schema type ${JSON.stringify(Object.keys(type))}; scripts/clients knows ${PRIMITIVE_TYPES.join(", ")}, schema classes, ${COLLECTION_TYPES.join(" and ")}`);
  }
  return single(type);
}
