// Build step after tsc: the contract's validators compiled once, for a start-up that skips parsing and compiling.
import { writePrecompiledContract } from "../dist/src/contract/precompile.js";

const out = await writePrecompiledContract();
process.stdout.write(`precompiled contract: ${out}\n`);
