import type { Output } from './io.js';

const number = new Intl.NumberFormat('en-US');

/** A progress line on stderr: done of total, percent, rate and time left, written after each step. */
export class Progress {
  readonly #started: number;

  constructor(
    private readonly out: Output,
    private readonly label: string,
    private readonly total: number,
    private readonly now: () => number,
  ) {
    this.#started = now();
  }

  update(done: number): void {
    const seconds = Math.max((this.now() - this.#started) / 1000, 0.001);
    const rate = done / seconds;
    const left = rate > 0 ? Math.ceil((this.total - done) / rate) : null;
    const percent = this.total === 0 ? 100 : Math.floor((done / this.total) * 100);
    const eta = done >= this.total ? `done in ${seconds.toFixed(1)} s` : left === null ? 'ETA -' : `ETA ${left} s`;
    this.out.write(`${this.label}: ${number.format(done)} / ${number.format(this.total)} rows (${percent}%), ${number.format(Math.round(rate))} rows/s, ${eta}\n`);
  }
}

export function formatCount(n: number): string {
  return number.format(n);
}
