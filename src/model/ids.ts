/** The form of a measure id: Handlungsfeld number and running number, "1.10". Same as the schema's pattern. */
export const MEASURE_ID = /^[0-9]{1,4}\.[0-9]{1,4}$/;

/** Natural order of measure ids: 1.2 before 1.10, 2.1 after 1.11. */
export function compareIds(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? -1) - (pb[i] ?? -1);
    if (d !== 0) return d;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}
