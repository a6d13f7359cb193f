import { allowedHostName } from "../access/index.js";
import { type FlagSpec, type FlagValues, UsageError } from "./flags.js";

/** `--spec FILE`, for the commands that read another OpenAPI document than the package's. */
export const specFlag: FlagSpec = {
  name: "spec",
  type: "string",
  value: "FILE",
  description: "the OpenAPI document",
  defaultText: "the package's spec/openapi.yaml",
};

/** `--allowed-host NAME` of the local servers (`serve`, `proxy`): who may talk to them, besides loopback names. */
export function allowedHostFlag(extra: string): FlagSpec {
  return {
    name: "allowed-host",
    type: "string",
    value: "NAME",
    repeatable: true,
    description: `a Host name answered besides localhost, 127.0.0.0/8, [::1] and the --host address${extra}; other names are a 403`,
    defaultText: "none",
  };
}

/** The `--allowed-host` values, each checked and normalised; a bad one is a UsageError naming `command`. */
export function allowedHosts(command: string, options: FlagValues): string[] {
  const given = options["allowed-host"];
  return (Array.isArray(given) ? given : given === undefined ? [] : [given]).map((value) => {
    const name = String(value);
    const checked = allowedHostName(name);
    if (!checked.ok) throw new UsageError(`${command}: --allowed-host must be ${checked.reason}, got '${name}'`);
    return checked.name;
  });
}
