/**
 * A value made on first use. The label tables of `import` fold a few hundred labels (Unicode
 * normalisation, property-class regular expressions); built at module load they cost every
 * command's start-up, though only `import` and `init --import` ever read them.
 */
export function lazy<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}
