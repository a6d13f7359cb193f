import { join } from "node:path";
import { packageRoot } from "../contract/paths.js";

/** The package's own list of deliberate differences. */
export const defaultAllowlistPath = join(packageRoot, "spec", "model-drift.yaml");
