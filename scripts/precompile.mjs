// Build step after tsc: the contract's validators compiled once, for a start-up that skips parsing and compiling.
import { writePrecompiledContract } from "../dist/src/contract/precompile.js";

const out = await writePrecompiledContract();
// On stderr: `npm pack --json` runs this (prepare) and its stdout must stay JSON.
process.stderr.write(`precompiled contract: ${out}\n`);
