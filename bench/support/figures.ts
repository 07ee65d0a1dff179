/**
 * A benchmark's table of figures: each beside its aim and whether it met it. print() lists
 * the missed aims after the table and sets a non-zero exit code, so `npm run bench` fails.
 */
export interface Figure {
  figure: string;
  value: string;
  aim: string;
  /** null: reported, no aim to meet. */
  ok: boolean | null;
}

export function createFigures() {
  const rows: Figure[] = [];
  return {
    add(figure: string, value: string, aim: string, ok: boolean | null = null): void {
      rows.push({ figure, value, aim, ok });
    },
    print(): void {
      const mark = (r: Figure) => (r.ok === null ? '' : r.ok ? '✓' : '✗ missed');
      const w = [Math.max(6, ...rows.map((r) => r.figure.length)), Math.max(5, ...rows.map((r) => r.value.length)), Math.max(3, ...rows.map((r) => r.aim.length)), 8];
      const line = (a: string, b: string, c: string, d: string) => `| ${a.padEnd(w[0]!)} | ${b.padEnd(w[1]!)} | ${c.padEnd(w[2]!)} | ${d.padEnd(w[3]!)} |`;
      console.log(line('figure', 'value', 'aim', 'met'));
      console.log(`|${'-'.repeat(w[0]! + 2)}|${'-'.repeat(w[1]! + 2)}|${'-'.repeat(w[2]! + 2)}|${'-'.repeat(w[3]! + 2)}|`);
      for (const r of rows) console.log(line(r.figure, r.value, r.aim, mark(r)));
      const missed = rows.filter((r) => r.ok === false);
      if (missed.length > 0) {
        console.log(`\nMissed aims (${missed.length}):`);
        for (const r of missed) console.log(`  ✗ ${r.figure}: ${r.value} (aim ${r.aim})`);
        process.exitCode = 1;
      }
    },
  };
}
