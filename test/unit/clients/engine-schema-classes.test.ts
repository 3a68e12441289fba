import fs from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { WorldState } from "../../../rooms/world-state.ts";

interface LiveField {
  index: number;
  name: string;
  type: unknown;
}

interface ExpectedField {
  index: number;
  name: string;
  wireType: string;
  csharpType: string;
}

// @colyseus/schema's C# codegen types (languages/csharp.ts): float32 travels narrow but is a double in memory.
const CSHARP_PRIMITIVES: Record<string, string> = {
  string: "string", number: "double", boolean: "bool", int8: "sbyte", uint8: "byte", int16: "short", uint16: "ushort",
  int32: "int", uint32: "uint", int64: "long", uint64: "ulong", float32: "double", float64: "double",
};

type SchemaClass = { name: string } & Record<symbol, Record<string, LiveField> | undefined>;

/** Every schema class the server encodes, from the state root, with its fields as the encoder's metadata has them. */
function liveClasses(): Map<string, ExpectedField[]> {
  const classes = new Map<string, ExpectedField[]>();
  const visit = (klass: SchemaClass) => {
    if (classes.has(klass.name)) return;
    const metadata = klass[Symbol.metadata]!;
    const fields: ExpectedField[] = [];
    classes.set(klass.name, fields);
    for (const field of Object.keys(metadata).filter((key) => /^\d+$/.test(key)).map((key) => metadata[key]!)) {
      if (typeof field.type === "string") {
        fields.push({ index: field.index, name: field.name, wireType: field.type, csharpType: CSHARP_PRIMITIVES[field.type]! });
      } else if (typeof field.type === "function") {
        const child = field.type as unknown as SchemaClass;
        fields.push({ index: field.index, name: field.name, wireType: "ref", csharpType: child.name });
        visit(child);
      } else {
        const [collection, child] = Object.entries(field.type as Record<string, unknown>)[0]!;
        const childName = typeof child === "string" ? CSHARP_PRIMITIVES[child]! : (child as SchemaClass).name;
        const container = collection === "map" ? "MapSchema" : "ArraySchema";
        fields.push({ index: field.index, name: field.name, wireType: collection, csharpType: `global::Colyseus.Schema.${container}<${childName}>` });
        if (typeof child !== "string") visit(child as SchemaClass);
      }
    }
  };
  visit(WorldState as unknown as SchemaClass);
  return classes;
}

/** The [Type(index, "type", ...)] fields of a generated C# schema class, as the Unity SDK's reflection reads them. */
function csharpFields(source: string): ExpectedField[] {
  const pattern = /\[global::Colyseus\.Schema\.Type\((\d+), "([a-z0-9]+)"[^\]]*\)\]\s*public (\S+) @?(\w+) =/g;
  return [...source.matchAll(pattern)].map((match) => ({ index: Number(match[1]), wireType: match[2]!, csharpType: match[3]!, name: match[4]! }));
}

describe("clients/csharp schema classes for the Colyseus Unity SDK", () => {
  const classes = liveClasses();

  it("has one class file per schema class the state reaches (beside Messages.cs)", async () => {
    const files = (await fs.readdir("clients/csharp")).filter((file) => file !== "Messages.cs");
    expect(files.sort()).toEqual([...classes.keys()].map((name) => `${name}.cs`).sort());
    expect(classes.get("WorldState")?.length).toBeGreaterThan(0);
  });

  it.each([...classes.entries()])("%s.cs declares every field of the live schema with its index, wire type and C# type, and nothing else", async (name, expected) => {
    const source = await fs.readFile(`clients/csharp/${name}.cs`, "utf8");
    expect(source).toContain(`public partial class ${name} : global::Colyseus.Schema.Schema {`);
    expect(source).toMatch(/^namespace LivingWorld\.State \{$/m);
    const byIndex = (a: ExpectedField, b: ExpectedField) => a.index - b.index;
    expect(csharpFields(source).sort(byIndex)).toEqual([...expected].sort(byIndex));
  });
});

describe("clients/godot/schema.gd for the Colyseus Godot SDK", () => {
  const classes = liveClasses();

  it.each([...classes.entries()])("class %s lists every field of the live schema at its index with its wire type", async (name, expected) => {
    const source = await fs.readFile("clients/godot/schema.gd", "utf8");
    const body = source.split(/^class /m).find((part) => part.startsWith(`${name} extends Colyseus.Schema:`));
    expect(body, `no "class ${name} extends Colyseus.Schema:" in clients/godot/schema.gd`).toBeDefined();
    // The SDK takes a field's index from its place in definition().
    const listed = [...body!.matchAll(/Colyseus\.Schema\.Field\.new\("(\w+)", Colyseus\.Schema\.([A-Z0-9]+)/g)].map((match, index) => ({ index, name: match[1], wireType: match[2]!.toLowerCase() }));
    expect(listed).toEqual([...expected].sort((a, b) => a.index - b.index).map(({ index, name: field, wireType }) => ({ index, name: field, wireType })));
  });
});
