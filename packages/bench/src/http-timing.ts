import http from 'node:http';
import { readFileSync } from 'node:fs';

/** A field of /proc/<pid>/status (VmRSS now, VmHWM the peak since the process started), MB. */
export function memoryMb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

/** POSTs `body` and reads the reply as it comes, keeping only its size. */
export async function timed(url: string, token: string, body: unknown): Promise<{ status: number; firstByteMs: number; totalMs: number; bytes: number; tail: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let firstByteMs = -1;
    let bytes = 0;
    let tail = '';
    const request = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` } }, (res) => {
      res.on('data', (chunk: Buffer) => {
        if (firstByteMs < 0) firstByteMs = performance.now() - started;
        bytes += chunk.length;
        tail = (tail + chunk.toString('latin1')).slice(-16);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, firstByteMs, totalMs: performance.now() - started, bytes, tail }));
      res.on('error', reject);
    });
    request.on('error', reject);
    request.end(JSON.stringify(body));
  });
}

