/** A target a figure is held to. Ratios compare the measured value with the baseline measured in the same run. */
export type Target =
  | { kind: 'ratio-at-least'; value: number }
  | { kind: 'ratio-at-most'; value: number }
  | { kind: 'at-most'; value: number };

export interface Figure {
  /** Stable key for tooling, e.g. "throughput". */
  id: string;
  /** Row label in the Markdown table, e.g. "Throughput". */
  label: string;
  unit: string;
  better: 'higher' | 'lower';
  /** null when nothing could be measured (JSON has no NaN). */
  value: number | null;
  baseline: number | null;
  target: Target | null;
}

export type Verdict = 'PASS' | 'FAIL';

export interface EvaluatedFigure extends Figure {
  /** value / baseline, null without both. */
  ratio: number | null;
  /** null when the figure has no target. A missing value or baseline fails its target. */
  verdict: Verdict | null;
}

const finite = (n: number | null): n is number => n !== null && Number.isFinite(n);

export function evaluate(figure: Figure): EvaluatedFigure {
  const value = finite(figure.value) ? figure.value : null;
  const baseline = finite(figure.baseline) ? figure.baseline : null;
  const ratio = value !== null && baseline !== null && baseline !== 0 ? value / baseline : null;
  let verdict: Verdict | null = null;
  const t = figure.target;
  if (t) {
    switch (t.kind) {
      case 'ratio-at-least': verdict = ratio !== null && ratio >= t.value ? 'PASS' : 'FAIL'; break;
      case 'ratio-at-most': verdict = ratio !== null && ratio <= t.value ? 'PASS' : 'FAIL'; break;
      case 'at-most': verdict = value !== null && value <= t.value ? 'PASS' : 'FAIL'; break;
    }
  }
  return { ...figure, value, baseline, ratio, verdict };
}

export function describeTarget(t: Target | null, unit: string): string {
  if (!t) return '—';
  switch (t.kind) {
    case 'ratio-at-least': return `≥ ${t.value}× baseline`;
    case 'ratio-at-most': return `≤ ${t.value}× baseline`;
    case 'at-most': return t.value === 0 ? 'none' : `≤ ${t.value} ${unit}`;
  }
}
