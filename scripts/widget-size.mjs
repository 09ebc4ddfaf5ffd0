// The widget's download size: folio-widget.js + its wasm-bindgen glue + the
// wasm, raw, gzip (-9) and brotli (quality 11), as a Markdown table; with
// --budget-gzip=BYTES it fails (exit 1) when the gzip total is larger.
//
//   node scripts/widget-size.mjs DIR [--budget-gzip=BYTES]
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const args = process.argv.slice(2);
const dir = args.find((a) => !a.startsWith('--'));
if (!dir) { console.error('usage: node scripts/widget-size.mjs DIR [--budget-gzip=BYTES]'); process.exit(2); }
const budget = Number((args.find((a) => a.startsWith('--budget-gzip=')) || '').split('=')[1]) || null;

const files = ['folio-widget.js', 'folio-widget-wasm.js', 'folio-widget-wasm_bg.wasm'];
const total = { raw: 0, gzip: 0, brotli: 0 };
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log('| file | raw | gzip -9 | brotli 11 |\n|---|---:|---:|---:|');
for (const file of files) {
  const data = fs.readFileSync(path.join(dir, file));
  const size = {
    raw: data.length,
    gzip: zlib.gzipSync(data, { level: 9 }).length,
    brotli: zlib.brotliCompressSync(data, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
  for (const k of Object.keys(total)) total[k] += size[k];
  console.log(`| ${file} | ${kb(size.raw)} | ${kb(size.gzip)} | ${kb(size.brotli)} |`);
}
console.log(`| **total** | ${kb(total.raw)} | ${kb(total.gzip)} | ${kb(total.brotli)} |`);
if (budget !== null) {
  if (total.gzip > budget) {
    console.error(`widget size budget exceeded: ${total.gzip} bytes gzipped > ${budget} (scripts/test)`);
    process.exit(1);
  }
  console.log(`\nwithin the budget: ${total.gzip} <= ${budget} bytes gzipped`);
}
