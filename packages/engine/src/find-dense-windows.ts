/**
 * For items sorted by calendar day, finds for each item the first window of `spanDays`
 * consecutive calendar days that contains it and holds at least `minCount` items (and passes
 * `accept`, given the window's count). Linear time: window ends only move forward.
 * Returns, per position, the window as [start, end] positions, or null.
 */
export function findDenseWindows(
  days: readonly number[],
  spanDays: number,
  minCount: number,
  accept: (count: number) => boolean = () => true,
): ([number, number] | null)[] {
  const count = days.length;
  const ends = new Int32Array(count);
  let end = 0;
  for (let start = 0; start < count; start += 1) {
    end = Math.max(end, start);
    while (end + 1 < count && (days[end + 1] ?? 0) - (days[start] ?? 0) < spanDays) {
      end += 1;
    }
    ends[start] = end;
  }
  const isQualifying = (start: number): boolean => {
    const size = (ends[start] ?? start) - start + 1;
    return size >= minCount && accept(size);
  };
  // nextQualifying[s]: the first qualifying start at or after s (count when none).
  const nextQualifying = new Int32Array(count + 1);
  nextQualifying[count] = count;
  for (let start = count - 1; start >= 0; start -= 1) {
    nextQualifying[start] = isQualifying(start) ? start : (nextQualifying[start + 1] ?? count);
  }
  const windows: ([number, number] | null)[] = [];
  let first = 0;
  for (let position = 0; position < count; position += 1) {
    while ((ends[first] ?? 0) < position) {
      first += 1;
    }
    const start = nextQualifying[first] ?? count;
    windows.push(start <= position ? [start, ends[start] ?? start] : null);
  }
  return windows;
}

/** Up to `limit` positions of `[start, end]` other than `position`, nearest to it first. */
export function nearestInWindow(position: number, start: number, end: number, limit: number): number[] {
  const near: number[] = [];
  for (
    let distance = 1;
    near.length < limit && (position - distance >= start || position + distance <= end);
    distance += 1
  ) {
    if (position - distance >= start) {
      near.push(position - distance);
    }
    if (near.length < limit && position + distance <= end) {
      near.push(position + distance);
    }
  }
  return near.sort((a, b) => a - b);
}
