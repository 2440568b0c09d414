/**
 * A short array at exactly its length. An array built by `push` keeps room for 16 more elements (about 120
 * bytes); data kept per service or per node of a big project (a 100,000-service file has hundreds of
 * thousands of such lists of one to three entries) adds up to tens of megabytes. Longer arrays are
 * returned as they are.
 */
export function fitted<T>(list: T[]): T[] {
  return list.length <= 16 ? list.slice() : list;
}
