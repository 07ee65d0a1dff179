import { Writable } from 'node:stream';

/** One JSON log line as pino writes it. */
export interface LogLine {
  level: number;
  msg?: string;
  [key: string]: unknown;
}

/** A destination for createLogger that keeps every line, raw and parsed. */
export function captureLog() {
  const raw: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      raw.push(String(chunk));
      done();
    },
  });
  return { raw, destination, lines: () => raw.map((line) => JSON.parse(line) as LogLine) };
}
