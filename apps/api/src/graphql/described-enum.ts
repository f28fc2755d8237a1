import { registerEnumType } from '@nestjs/graphql';

/**
 * A GraphQL enum for a closed set of strings: its values are exactly the keys of
 * `descriptions`, each standing for itself (so the JSON values are those strings), each with
 * its description. Pass `descriptions` with `satisfies Record<EngineType, string>` so that a
 * value added to the engine fails the typecheck until it is described here.
 */
export function describedEnum<K extends string>(name: string, description: string, descriptions: Record<K, string>): { [V in K]: V } {
  const values = Object.fromEntries(Object.keys(descriptions).map((k) => [k, k])) as { [V in K]: V };
  registerEnumType(values, {
    name,
    description,
    valuesMap: Object.fromEntries(Object.entries<string>(descriptions).map(([k, d]) => [k, { description: d }])) as Partial<Record<K, { description: string }>>,
  });
  return values;
}
