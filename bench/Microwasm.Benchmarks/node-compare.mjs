// Times the micro-benchmark kernels under Node.js (V8) for the ratio in bench/README.md:
//   node bench/Microwasm.Benchmarks/node-compare.mjs
// Each kernel is warmed up, then timed over several runs; prints the median in microseconds.
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = join(dirname(fileURLToPath(import.meta.url)), 'wasm');
const kernels = [
  ['fib', 'fib', 30],
  ['memloop', 'memloop', 100],
  ['brtable', 'brtable', 1_000_000],
];
for (const [file, fn, arg] of kernels) {
  const { instance } = await WebAssembly.instantiate(await readFile(join(here, `${file}.wasm`)));
  const f = instance.exports[fn];
  for (let i = 0; i < 5; i++) f(arg);
  const times = [];
  let result = 0;
  for (let i = 0; i < 15; i++) {
    const t = process.hrtime.bigint();
    result = f(arg);
    times.push(Number(process.hrtime.bigint() - t) / 1000);
  }
  times.sort((a, b) => a - b);
  console.log(`${fn}(${arg}) = ${result}: median ${times[7].toFixed(1)} us`);
}
