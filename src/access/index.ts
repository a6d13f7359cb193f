// Who may talk to the local servers (`serve`, `proxy`): the Host and Origin rules and the flag values behind
// them. Neutral ground: it imports neither server, runner nor proxy, so each of them can use it.
export { allowedHostName, isLoopbackHostname, parseHost, type HostName } from "./host.js";
export {
  addressedHosts,
  bindNames,
  hostLines,
  hostPolicy,
  hostRefusalOf,
  isLoopbackBind,
  type HostPolicy,
  type HostRefusal,
  type HostVerdict,
} from "./host-policy.js";
export { isOwnOrigin } from "./origin.js";
export { exposureWarning } from "./exposure.js";
