/**
 * Evidence bookkeeping shared by the place and topic scorers: weights summed per kind of
 * field, each field kind capped, so one long body cannot outvote the headline and a name
 * repeated twenty times does not count twenty times.
 */
import type { FieldKind } from './fields.js';
import type { Scored } from './types.js';

export type Caps = Record<FieldKind, number>;

export class Evidence {
  private readonly sums = new Map<string, Record<FieldKind, number>>();

  add(id: string, kind: FieldKind, weight: number): void {
    let sum = this.sums.get(id);
    if (!sum) {
      sum = { title: 0, lead: 0, category: 0, body: 0 };
      this.sums.set(id, sum);
    }
    sum[kind] += weight;
  }

  score(id: string, caps: Caps): number {
    const sum = this.sums.get(id);
    if (!sum) return 0;
    return (Object.keys(sum) as FieldKind[]).reduce((total, kind) => total + Math.min(sum[kind], caps[kind]), 0);
  }

  ids(): string[] {
    return [...this.sums.keys()];
  }
}

/** Saturating map from an evidence score to 0..1; `scale` is the score that gives 0.63. */
export function confidence(score: number, scale: number): number {
  return Math.round((1 - Math.exp(-score / scale)) * 100) / 100;
}

/** Highest confidence first; ties by id so output is stable. */
export function byConfidence(a: Scored, b: Scored): number {
  return b.confidence - a.confidence || a.id.localeCompare(b.id);
}
