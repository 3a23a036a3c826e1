/**
 * A time series of (instant, value) points with prefix sums: count and sum over any
 * [start, end) range in O(log n). Appends in time order are O(1) (the replay order); an
 * out-of-order point is spliced in and the prefix sums behind it recomputed.
 */
export class Series {
  private readonly times: number[] = [];
  private readonly values: number[] = [];
  private readonly cum: number[] = [];

  add(time: number, value: number): void {
    const n = this.times.length;
    if (n === 0 || this.times[n - 1]! <= time) {
      this.times.push(time);
      this.values.push(value);
      this.cum.push((n === 0 ? 0 : this.cum[n - 1]!) + value);
      return;
    }
    const at = this.bound(time + 1); // after equal instants, so ties keep arrival order
    this.times.splice(at, 0, time);
    this.values.splice(at, 0, value);
    this.cum.splice(at, 0, 0);
    for (let i = at; i < this.times.length; i++) {
      this.cum[i] = (i === 0 ? 0 : this.cum[i - 1]!) + this.values[i]!;
    }
  }

  /** Count and sum of the points with start ≤ time < end. */
  range(start: number, end: number): { count: number; sum: number } {
    const a = this.bound(start);
    const b = this.bound(end);
    if (b <= a) return { count: 0, sum: 0 };
    return { count: b - a, sum: this.cum[b - 1]! - (a === 0 ? 0 : this.cum[a - 1]!) };
  }

  /** First index whose time is ≥ t. */
  private bound(t: number): number {
    let lo = 0;
    let hi = this.times.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.times[mid]! < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
